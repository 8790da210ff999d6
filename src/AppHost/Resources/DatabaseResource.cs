using JinBao.AppHost.Running;
using JinBao.Storage;

using Npgsql;

namespace JinBao.AppHost.Resources;

/// <summary>
/// One cluster's database: created if missing and migrated to completion (Aspire's "migration runs, then the
/// services start"), so the silos find their schema ready instead of queueing on the migration lock.
/// </summary>
public sealed class DatabaseResource : Resource
{
    private readonly PostgresResource _server;

    internal DatabaseResource(string name, string databaseName, PostgresResource server, ConsoleLog log)
        : base(name, "database", log)
    {
        DatabaseName = databaseName;
        _server = server;
        Description = $"database {databaseName}";
    }

    public string DatabaseName { get; }

    /// <summary>What a silo or an API gets as <c>ConnectionStrings__jinbao</c>; known once the server has started.</summary>
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = DatabaseName }.ConnectionString;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        SetState(ResourceState.Starting);
        try
        {
            // Unpooled: the AppHost needs these connections once and must not hold any when PostgreSQL stops.
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
            await DatabaseMigrator.EnsureDatabaseAsync(connectionString, cancellationToken);
            await DatabaseMigrator.MigrateAsync(connectionString, new ResourceLogger(Log, Name), cancellationToken);
            SetState(ResourceState.Healthy);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            SetState(ResourceState.Failed, ex.Message);
            throw new AppHostException($"{Name}: database {DatabaseName} could not be created or migrated: {ex.Message}", ex);
        }
    }

    public override Task StopAsync(CancellationToken force)
    {
        SetState(ResourceState.Stopped);
        return Task.CompletedTask;
    }
}
