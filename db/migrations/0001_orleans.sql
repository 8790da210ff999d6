-- 0001_orleans.sql: JinBao's own PostgreSQL schema for the Orleans 10.4 ADO.NET providers
-- (clustering, grain storage, reminders). Orleans' NuGet packages ship no SQL, so this file is written
-- from the providers' contract (shared/orleans-postgres.md); only the OrleansQuery table name, the query
-- keys, the @Parameter names and the result column names are fixed by Orleans. Everything else is ours.
--
-- Rules this file keeps:
-- * Every statement is idempotent (IF NOT EXISTS / ON CONFLICT DO UPDATE), so replaying it is harmless.
-- * Identifiers are lowercase and unquoted; Orleans reads result columns by name, case-insensitively.
-- * Orleans sends NULL parameters untyped, and PostgreSQL cannot infer a type for a bare "@x IS NULL",
--   so every parameter is cast where it is used.
-- * Query texts are single statements (CTEs instead of functions), so the whole contract is visible here.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------------
-- Clustering (membership). DeploymentId is the ClusterId.
-- ---------------------------------------------------------------------------------------------------

-- One row per cluster. Its version is the membership table's optimistic-concurrency token: every
-- insert or update of a silo row must advance it from the value the silo last read.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    version      integer      NOT NULL DEFAULT 0,
    modifiedon   timestamptz  NOT NULL DEFAULT now()
);

-- timestamptz, not timestamp: Npgsql 6+ refuses to send back a DateTime of Kind Unspecified, which is
-- what a timestamp column reads as (dotnet/orleans#7402).
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deploymentid varchar(150) NOT NULL,
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NOT NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    CONSTRAINT pk_orleans_membership PRIMARY KEY (deploymentid, address, port, generation),
    -- Cascade so that deleting a cluster's version row removes its silos in the same statement.
    CONSTRAINT fk_orleans_membership_version FOREIGN KEY (deploymentid)
        REFERENCES orleans_membership_version (deploymentid) ON DELETE CASCADE
);

INSERT INTO orleansquery (querykey, querytext)
VALUES
-- Returns 1 when this call created the version row, 0 when it already existed.
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deploymentid)
    VALUES (@DeploymentId::varchar)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::int FROM inserted
$q$),

-- Inserts the silo row and advances the version in one statement, only if the version still equals
-- @Version and the row does not exist yet. Returns 1 on success, 0 otherwise (never raises on a duplicate:
-- Orleans and its conformance suite expect "not inserted"). All writers compare-and-set the same version
-- row, so its row lock serialises them and the loser sees either a changed version or the existing row.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        modifiedon = now()
    WHERE v.deploymentid = @DeploymentId::varchar
      AND v.version = @Version::int
      AND NOT EXISTS (
          SELECT 1
          FROM orleans_membership AS m
          WHERE m.deploymentid = @DeploymentId::varchar
            AND m.address = @Address::varchar
            AND m.port = @Port::int
            AND m.generation = @Generation::int)
    RETURNING v.deploymentid
),
inserted AS (
    INSERT INTO orleans_membership
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT b.deploymentid, @Address::varchar, @Port::int, @Generation::int, @SiloName::varchar, @HostName::varchar,
           @Status::int, @ProxyPort::int, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped AS b
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING
    RETURNING 1
)
SELECT count(*)::int FROM inserted
$q$),

-- Same compare-and-set as the insert; the version only moves when the silo row exists.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        modifiedon = now()
    WHERE v.deploymentid = @DeploymentId::varchar
      AND v.version = @Version::int
      AND EXISTS (
          SELECT 1
          FROM orleans_membership AS m
          WHERE m.deploymentid = @DeploymentId::varchar
            AND m.address = @Address::varchar
            AND m.port = @Port::int
            AND m.generation = @Generation::int)
    RETURNING v.deploymentid
),
updated AS (
    UPDATE orleans_membership AS m
    SET status = @Status::int,
        suspecttimes = @SuspectTimes::text,
        iamalivetime = @IAmAliveTime::timestamptz
    FROM bumped AS b
    WHERE m.deploymentid = b.deploymentid
      AND m.address = @Address::varchar
      AND m.port = @Port::int
      AND m.generation = @Generation::int
    RETURNING 1
)
SELECT count(*)::int FROM updated
$q$),

-- The heartbeat does not take part in the version protocol.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET iamalivetime = @IAmAliveTime::timestamptz
WHERE deploymentid = @DeploymentId::varchar
  AND address = @Address::varchar
  AND port = @Port::int
  AND generation = @Generation::int
$q$),

-- Driven from the version table so that one row (carrying the version) comes back even with no silo.
('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address::varchar
      AND m.port = @Port::int
      AND m.generation = @Generation::int
WHERE v.deploymentid = @DeploymentId::varchar
$q$),

('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId::varchar
$q$),

-- Clients discover gateways here; @Status is Active (3).
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleans_membership
WHERE deploymentid = @DeploymentId::varchar
  AND status = @Status::int
  AND proxyport > 0
$q$),

-- The foreign key cascades to the silo rows.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version
WHERE deploymentid = @DeploymentId::varchar
$q$),

-- Only Dead (6) rows are pruned, by either key: a silo that died in another state stops heartbeating and is
-- declared Dead by the others first. Orleans 10.4.2 uses the per-row key below when it exists (as here); this
-- bulk key is its fallback and applies the same rule, except that suspicions must be absent.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId::varchar
  AND status = 6
  AND iamalivetime < @IAmAliveTime::timestamptz
  AND starttime < @IAmAliveTime::timestamptz
  AND COALESCE(suspecttimes, '') = ''
$q$),

-- Per-row: Orleans picks the Dead rows older than the cutoff in .NET and passes back the values it read,
-- so a row that changed in between (a new heartbeat or suspicion) is left alone.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId::varchar
  AND address = @Address::varchar
  AND port = @Port::int
  AND generation = @Generation::int
  AND status = 6
  AND starttime = @StartTime::timestamptz
  AND iamalivetime = @IAmAliveTime::timestamptz
  AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes::text, '')
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- ---------------------------------------------------------------------------------------------------
-- Grain storage. Identity = service + state name (GrainTypeString) + grain key (N0, N1, extension);
-- the two hashes are derived from it by the provider's hasher and lead the index for selectivity.
-- ---------------------------------------------------------------------------------------------------

-- The payload stays bytea: the default Newtonsoft format needs "$type" first, which jsonb would reorder.
-- The unique identity (NULLS NOT DISTINCT, since string keys have no extension) is what makes two
-- concurrent first writes of the same grain end in one row: the second insert hits ON CONFLICT and its
-- writer gets a version conflict instead of a duplicate row.
CREATE TABLE IF NOT EXISTS orleans_storage
(
    grainidhash            integer      NOT NULL,
    graintypehash          integer      NOT NULL,
    serviceid              varchar(150) NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    payloadbinary          bytea        NULL,
    version                integer      NOT NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_orleans_storage_identity UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring)
);

INSERT INTO orleansquery (querykey, querytext)
VALUES
-- No row: no state and no ETag. A cleared row has a NULL payload but keeps its version.
('ReadFromStorageKey', $q$
SELECT s.payloadbinary, s.version
FROM orleans_storage AS s
WHERE s.grainidhash = @GrainIdHash::int
  AND s.graintypehash = @GrainTypeHash::int
  AND s.serviceid = @ServiceId::varchar
  AND s.grainidn0 = @GrainIdN0::bigint
  AND s.grainidn1 = @GrainIdN1::bigint
  AND s.graintypestring = @GrainTypeString::varchar
  AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
$q$),

-- A NULL @GrainStateVersion means "first write": insert version 1 unless the row exists. Otherwise
-- compare-and-set on the version. Returns the new version, or on conflict the caller's version (or NULL
-- for a lost first write), which Orleans turns into an InconsistentStateException.
('WriteToStorageKey', $q$
WITH inserted AS (
    INSERT INTO orleans_storage
        (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring,
         payloadbinary, version, modifiedon)
    SELECT @GrainIdHash::int, @GrainTypeHash::int, @ServiceId::varchar, @GrainIdN0::bigint, @GrainIdN1::bigint,
           @GrainTypeString::varchar, @GrainIdExtensionString::varchar, @PayloadBinary::bytea, 1, now()
    WHERE @GrainStateVersion::int IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
),
updated AS (
    UPDATE orleans_storage AS s
    SET payloadbinary = @PayloadBinary::bytea,
        version = s.version + 1,
        modifiedon = now()
    WHERE s.grainidhash = @GrainIdHash::int
      AND s.graintypehash = @GrainTypeHash::int
      AND s.serviceid = @ServiceId::varchar
      AND s.grainidn0 = @GrainIdN0::bigint
      AND s.grainidn1 = @GrainIdN1::bigint
      AND s.graintypestring = @GrainTypeString::varchar
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND s.version = @GrainStateVersion::int
    RETURNING s.version
)
SELECT COALESCE((SELECT version FROM inserted), (SELECT version FROM updated), @GrainStateVersion::int)
       AS newgrainstateversion
$q$),

-- Keeps the row (payload NULL, version + 1) so a later first write cannot resurrect an old ETag.
-- Always returns one row: on conflict the caller's version, so Orleans reports the conflict.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage AS s
    SET payloadbinary = NULL,
        version = s.version + 1,
        modifiedon = now()
    WHERE s.grainidhash = @GrainIdHash::int
      AND s.graintypehash = @GrainTypeHash::int
      AND s.serviceid = @ServiceId::varchar
      AND s.grainidn0 = @GrainIdN0::bigint
      AND s.grainidn1 = @GrainIdN1::bigint
      AND s.graintypestring = @GrainTypeString::varchar
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND s.version = @GrainStateVersion::int
    RETURNING s.version
)
SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion::int) AS newgrainstateversion
$q$),

-- Used instead of ClearStorageKey only when AdoNetGrainStorageOptions.DeleteStateOnClear is set.
-- Returns version + 1 on success (Orleans compares it with the ETag), the caller's version on conflict.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_storage AS s
    WHERE s.grainidhash = @GrainIdHash::int
      AND s.graintypehash = @GrainTypeHash::int
      AND s.serviceid = @ServiceId::varchar
      AND s.grainidn0 = @GrainIdN0::bigint
      AND s.grainidn1 = @GrainIdN1::bigint
      AND s.graintypestring = @GrainTypeString::varchar
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND s.version = @GrainStateVersion::int
    RETURNING s.version + 1 AS version
)
SELECT COALESCE((SELECT version FROM deleted), @GrainStateVersion::int) AS newgrainstateversion
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- ---------------------------------------------------------------------------------------------------
-- Reminders. GrainId is GrainId.ToString(); GrainHash is its uniform hash as a signed int; Period is in
-- milliseconds (Orleans sends int or bigint, and reads it with GetInt64).
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    serviceid    varchar(150) NOT NULL,
    grainid      text         NOT NULL,
    remindername text         NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    CONSTRAINT pk_orleans_reminders PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo reads the reminders of its hash ring range.
CREATE INDEX IF NOT EXISTS ix_orleans_reminders_serviceid_grainhash ON orleans_reminders (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
-- Returns the row's version: 0 when inserted, incremented when replaced.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId::varchar, @GrainId::text, @ReminderName::text, @StartTime::timestamptz, @Period::bigint,
        @GrainHash::int, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = EXCLUDED.starttime,
    period = EXCLUDED.period,
    grainhash = EXCLUDED.grainhash,
    version = r.version + 1
RETURNING r.version
$q$),

('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId::varchar
  AND grainid = @GrainId::text
$q$),

('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId::varchar
  AND grainid = @GrainId::text
  AND remindername = @ReminderName::text
$q$),

-- Used when BeginHash < EndHash as signed ints: the range (begin, end].
('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId::varchar
  AND grainhash > @BeginHash::int
  AND grainhash <= @EndHash::int
$q$),

-- Otherwise the range wraps around the ring.
('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId::varchar
  AND (grainhash > @BeginHash::int OR grainhash <= @EndHash::int)
$q$),

-- Orleans expects exactly one row with one column that converts to a boolean.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE serviceid = @ServiceId::varchar
      AND grainid = @GrainId::text
      AND remindername = @ReminderName::text
      AND version = @Version::int
    RETURNING 1
)
SELECT count(*)::int FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders
WHERE serviceid = @ServiceId::varchar
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
