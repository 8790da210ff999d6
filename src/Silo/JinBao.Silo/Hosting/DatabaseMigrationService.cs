using JinBao.Migrations;

namespace JinBao.Silo.Hosting;

/// <summary>Brings the province database schema up to date before the silo joins the cluster.</summary>
internal sealed class DatabaseMigrationService(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => DatabaseMigrator.MigrateAsync(connectionString, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
