using JinBao.IntegrationTests.Infrastructure;

namespace JinBao.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class OrleansQueryTests(PostgresFixture fixture)
{
    // Listed by hand, not read from the SQL: this is the contract of the Orleans 10.4 ADO.NET providers.
    // Clustering and reminders refuse to start when one of theirs is missing ("Not all required queries found");
    // grain storage fails on first use.
    public static TheoryData<string> RequiredKeys => new()
    {
        // Clustering.
        "InsertMembershipVersionKey",
        "InsertMembershipKey",
        "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey",
        "MembershipReadAllKey",
        "GatewaysQueryKey",
        "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",

        // Grain storage (DeleteStorageKey only with DeleteStateOnClear = true).
        "ReadFromStorageKey",
        "WriteToStorageKey",
        "ClearStorageKey",
        "DeleteStorageKey",

        // Reminders.
        "UpsertReminderRowKey",
        "ReadReminderRowsKey",
        "ReadReminderRowKey",
        "ReadRangeRows1Key",
        "ReadRangeRows2Key",
        "DeleteReminderRowKey",
        "DeleteReminderRowsKey",
    };

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task OrleansQuery_AfterMigration_HasTheKey(string queryKey)
    {
        var connectionString = await SharedDatabase.GetAsync(fixture.Postgres);

        var texts = await Sql.StringsAsync(
            connectionString,
            "SELECT querytext FROM orleansquery WHERE querykey = @key",
            ("key", queryKey));

        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(texts)));
    }

    // One migrated database for all the cases of the theory.
    private static class SharedDatabase
    {
        private static Task<string>? _database;

        public static Task<string> GetAsync(TestPostgres postgres) =>
            LazyInitializer.EnsureInitialized(ref _database, () => postgres.CreateDatabaseAsync("querykeys"));
    }
}
