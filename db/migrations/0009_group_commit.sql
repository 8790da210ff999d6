-- JinBao's grain storage (src/Grains/JinBao.Grains/Storage) writes the states of many grains, each with its effects,
-- in one batch that PostgreSQL runs as one implicit transaction. A state write that finds another version than its
-- caller's must fail the batch (so that its effects are not written without it): this function raises SQLSTATE JB409,
-- the storage fails that one grain's write (a version conflict, as Orleans' own providers report it) and sends the
-- other writes again without it.
CREATE OR REPLACE FUNCTION jinbao_expect_state_written(written bigint) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    IF written <> 1 THEN
        RAISE EXCEPTION 'grain state version conflict' USING ERRCODE = 'JB409';
    END IF;
    RETURN 1;
END
$$;
