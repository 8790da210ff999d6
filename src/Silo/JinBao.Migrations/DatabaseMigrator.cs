using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JinBao.Migrations;

/// <summary>
/// Applies the SQL files of the repo's <c>db/migrations/</c> folder, which are compiled into this assembly as
/// <c>JinBao.Migrations.&lt;file&gt;.sql</c>, to a PostgreSQL database.
/// </summary>
/// <remarks>
/// Files run in ordinal file-name order, each at most once per database, all inside one transaction that first
/// takes <c>pg_advisory_xact_lock(<see cref="AdvisoryLockKey"/>)</c>, so several silos starting together wait for
/// each other instead of racing. Applied files are recorded with a checksum in <c>jinbao_schema_migrations</c>;
/// migrations are append-only, and an applied file whose checksum changed stops the migration. Because everything
/// runs in one transaction, a migration cannot use statements that refuse one (CREATE INDEX CONCURRENTLY, VACUUM).
/// </remarks>
public static partial class DatabaseMigrator
{
    /// <summary>
    /// The advisory lock key, <c>"JinBaoMg"</c> in ASCII. PostgreSQL scopes advisory locks to the current database,
    /// so it only serialises migrators of the same database; nothing else in JinBao may lock with this key.
    /// </summary>
    public const long AdvisoryLockKey = 0x4A69_6E42_616F_4D67;

    private const string ResourcePrefix = "JinBao.Migrations.";
    private const string MaintenanceDatabase = "postgres";

    // A migrator may queue behind another silo's migration; the default 30 s would fail it for no reason.
    private const int CommandTimeoutSeconds = 300;

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS jinbao_schema_migrations
        (
            name       text        NOT NULL PRIMARY KEY,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadEmbeddedMigrations);

    /// <summary>The file names of the embedded migrations, in the order they are applied.</summary>
    public static IReadOnlyList<string> MigrationNames => EmbeddedMigrations.Value.Select(m => m.Name).ToArray();

    /// <summary>Applies every embedded migration not yet applied to the database named by <paramref name="connectionString"/>.</summary>
    /// <exception cref="InvalidOperationException">An applied migration file was edited afterwards.</exception>
    public static Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default) =>
        MigrateAsync(connectionString, logger: null, cancellationToken);

    /// <inheritdoc cref="MigrateAsync(string, CancellationToken)"/>
    public static async Task MigrateAsync(string connectionString, ILogger? logger, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await MigrateAsync(dataSource, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies every embedded migration not yet applied to the database of <paramref name="dataSource"/>.</summary>
    /// <exception cref="InvalidOperationException">An applied migration file was edited afterwards.</exception>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        logger ??= NullLogger.Instance;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var lockCommand = CreateCommand(connection, transaction, "SELECT pg_advisory_xact_lock(@key)"))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var createHistory = CreateCommand(connection, transaction, CreateHistoryTableSql))
        {
            await createHistory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Read after taking the lock: under READ COMMITTED this sees every migrator that finished before us.
        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        var appliedNow = 0;
        foreach (var migration in EmbeddedMigrations.Value)
        {
            if (applied.TryGetValue(migration.Name, out var recordedChecksum))
            {
                if (!string.Equals(recordedChecksum, migration.Checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration '{migration.Name}' was applied to database '{connection.Database}' with checksum "
                        + $"{recordedChecksum}, but the embedded file now has checksum {migration.Checksum}. "
                        + "Migrations are append-only: undo the edit and put the change in a new db/migrations/NNNN_name.sql file.");
                }

                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            await using (var apply = CreateCommand(connection, transaction, migration.Sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = CreateCommand(
                connection,
                transaction,
                "INSERT INTO jinbao_schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, now())"))
            {
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            appliedNow++;
            LogApplied(logger, migration.Name, connection.Database, stopwatch.ElapsedMilliseconds);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogUpToDate(logger, connection.Database, appliedNow, EmbeddedMigrations.Value.Count);
    }

    /// <summary>
    /// Creates the database named by <paramref name="connectionString"/> if it does not exist, by connecting to the
    /// <c>postgres</c> maintenance database of the same server with the same credentials.
    /// </summary>
    /// <remarks>Safe to call from several processes at once: losing the creation race counts as success.</remarks>
    /// <exception cref="ArgumentException">The connection string names no database.</exception>
    public static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(database))
        {
            throw new ArgumentException("The connection string names no Database, so there is nothing to create.", nameof(connectionString));
        }

        if (string.Equals(database, MaintenanceDatabase, StringComparison.Ordinal))
        {
            return;
        }

        // Unpooled: an idle pooled connection to the maintenance database would block DROP/CREATE DATABASE ... TEMPLATE later.
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = MaintenanceDatabase, Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        try
        {
            // CREATE DATABASE takes no parameters, hence the quoted identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it between our check and our CREATE (the unique violation is how
            // pg_database reports a concurrent CREATE that has not committed yet).
        }
    }

    private static NpgsqlCommand CreateCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
        new(sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = CreateCommand(connection, transaction, "SELECT name, checksum FROM jinbao_schema_migrations");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static IReadOnlyList<Migration> LoadEmbeddedMigrations()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            migrations.Add(ReadMigration(assembly, resource));
        }

        return migrations;
    }

    private static Migration ReadMigration(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        // A checkout with CRLF line endings must not look like an edited migration.
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new Migration(resource[ResourcePrefix.Length..], sql, checksum);
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} to database {Database} in {ElapsedMs} ms.")]
    private static partial void LogApplied(ILogger logger, string migration, string database, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is up to date: {AppliedNow} of {Total} migrations applied by this call.")]
    private static partial void LogUpToDate(ILogger logger, string database, int appliedNow, int total);

    private sealed record Migration(string Name, string Sql, string Checksum);
}
