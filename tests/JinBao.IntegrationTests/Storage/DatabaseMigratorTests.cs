using JinBao.IntegrationTests.Infrastructure;
using JinBao.Migrations;
using Npgsql;

namespace JinBao.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseMigratorTests(PostgresFixture fixture)
{
    [Fact]
    public async Task MigrateAsync_FromFourTasksThenTwiceMore_RecordsEachMigrationOnce()
    {
        var connectionString = await fixture.Postgres.CreateEmptyDatabaseAsync("migrate");

        // Four silos starting together on an empty database.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => DatabaseMigrator.MigrateAsync(connectionString))));
        await DatabaseMigrator.MigrateAsync(connectionString);
        await DatabaseMigrator.MigrateAsync(connectionString);

        Assert.Contains("0001_orleans.sql", DatabaseMigrator.MigrationNames);
        var recorded = await Sql.StringsAsync(connectionString, "SELECT name FROM jinbao_schema_migrations ORDER BY name COLLATE \"C\"");
        Assert.Equal(DatabaseMigrator.MigrationNames, recorded);
    }

    [Fact]
    public async Task MigrateAsync_AppliedFileChangedSince_FailsNamingTheFile()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("edited");
        await Sql.ExecuteAsync(connectionString, "UPDATE jinbao_schema_migrations SET checksum = 'edited' WHERE name = '0001_orleans.sql'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigrator.MigrateAsync(connectionString));

        Assert.Contains("0001_orleans.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrationScripts_RunTwiceWithoutHistory_AreIdempotent()
    {
        var connectionString = await fixture.Postgres.CreateEmptyDatabaseAsync("replay");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        foreach (var name in DatabaseMigrator.MigrationNames.Concat(DatabaseMigrator.MigrationNames))
        {
            await using var command = new NpgsqlCommand(ReadEmbeddedScript(name), connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(21L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task EnsureDatabaseAsync_FromFourTasks_CreatesTheDatabaseOnce()
    {
        var name = $"ensure_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.Postgres.ServerConnectionString) { Database = name }.ConnectionString;

        try
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => DatabaseMigrator.EnsureDatabaseAsync(connectionString))));
            await DatabaseMigrator.EnsureDatabaseAsync(connectionString);

            Assert.Equal(1L, await Sql.ScalarAsync<long>(
                fixture.Postgres.ServerConnectionString,
                "SELECT count(*) FROM pg_database WHERE datname = @name",
                ("name", name)));
        }
        finally
        {
            // TestPostgres did not create it, so it would not drop it from a shared JINBAO_TEST_PG server.
            await Sql.ExecuteAsync(fixture.Postgres.ServerConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static string ReadEmbeddedScript(string name)
    {
        using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream("JinBao.Migrations." + name)
            ?? throw new InvalidOperationException($"Migration {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
