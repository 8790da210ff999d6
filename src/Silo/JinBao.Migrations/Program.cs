using JinBao.Migrations;

using Microsoft.Extensions.Logging;

// Creates the database named by ConnectionStrings__jinbao when it is missing and applies every migration, then exits:
// 0 when the schema is current, 1 (with the reason) when it could not be brought there.
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__jinbao");
if (string.IsNullOrWhiteSpace(connectionString))
{
    await Console.Error.WriteLineAsync("ConnectionStrings__jinbao is missing: set it to the database to create and migrate.");
    return 2;
}

using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
var logger = loggers.CreateLogger("JinBao.Migrations");
try
{
    await DatabaseMigrator.EnsureDatabaseAsync(connectionString);
    await DatabaseMigrator.MigrateAsync(connectionString, logger);
    return 0;
}
catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException)
{
    logger.LogError("Migration failed: {Reason}", exception.Message);
    return 1;
}
