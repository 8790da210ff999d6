-- A city's directory of its persons (issue 18): one row per city a person was enrolled in, with the name of their
-- latest enrolment that gave one, so an agency finds its persons by name without loading every person grain. Written
-- by the person grain in the transaction of its own state write. The name is personal data like the citizen id beside
-- it: this table is read by the API for those who may see the person, never logged.
-- Persons enrolled before names were recorded have no row until they are enrolled again (they have no name to find).
CREATE TABLE IF NOT EXISTS jinbao_person_directory
(
    city        text        NOT NULL,
    citizen_id  text        NOT NULL,
    name        text        NULL,
    enrolled_on date        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (city, citizen_id)
);

-- Name search within a city: equality and prefix (name LIKE '张%'), which text_pattern_ops serves whatever the
-- database's collation; a search inside names (LIKE '%三%') reads the city's part of the index only.
CREATE INDEX IF NOT EXISTS ix_jinbao_person_directory_name ON jinbao_person_directory (city, name text_pattern_ops);

-- A corrected name is written to every row of the person.
CREATE INDEX IF NOT EXISTS ix_jinbao_person_directory_person ON jinbao_person_directory (citizen_id);
