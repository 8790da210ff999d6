using JinBao.Bench.Machine;

namespace JinBao.Bench.Baseline;

/// <summary>
/// The conventional design's tables, beside the shipped ledger and audit tables (the baseline databases are migrated
/// like a cluster's): one row per person holding their state as jsonb, locked with SELECT … FOR UPDATE.
/// <c>version</c> counts each row's writes, as grain storage does, so both systems' state writes are counted alike.
/// </summary>
public static class BaselineSchema
{
    /// <summary>The view <see cref="WriteCounters"/> sums for the baseline's state writes.</summary>
    public const string StateVersions = "baseline_state_versions";

    public static Task CreateAsync(string connectionString) => BenchSql.ExecuteAsync(connectionString, """
        CREATE TABLE IF NOT EXISTS baseline_persons (
            citizen_id text PRIMARY KEY,
            person     jsonb   NOT NULL,
            medical    jsonb   NOT NULL,
            version    integer NOT NULL DEFAULT 1
        );
        CREATE TABLE IF NOT EXISTS baseline_transfers (
            transfer_id text PRIMARY KEY,
            citizen_id  text    NOT NULL,
            status      text    NOT NULL,
            certificate jsonb   NULL,
            version     integer NOT NULL DEFAULT 1
        );
        CREATE TABLE IF NOT EXISTS baseline_person_index (
            citizen_id       text PRIMARY KEY,
            custody_province text    NOT NULL,
            version          integer NOT NULL DEFAULT 1
        );
        CREATE OR REPLACE VIEW baseline_state_versions AS
            SELECT version FROM baseline_persons
            UNION ALL SELECT version FROM baseline_transfers
            UNION ALL SELECT version FROM baseline_person_index;
        """);
}
