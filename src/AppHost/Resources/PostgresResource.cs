using JinBao.AppHost.Running;

using Npgsql;

namespace JinBao.AppHost.Resources;

/// <summary>
/// The PostgreSQL server: the one named by <c>ConnectionStrings__postgres</c> when given (never started or stopped
/// by us), otherwise a <see cref="LocalPostgres"/> in the data folder.
/// </summary>
public sealed class PostgresResource : Resource
{
    private static readonly TimeSpan ExternalConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly DistributedApplicationBuilder _builder;
    private readonly string? _externalConnectionString;
    private readonly LocalPostgres? _local;
    private string? _connectionString;

    internal PostgresResource(string name, DistributedApplicationBuilder builder)
        : base(name, "postgres", builder.Log)
    {
        _builder = builder;
        _externalConnectionString = builder.Options.PostgresConnectionString;
        if (_externalConnectionString is null)
        {
            _local = new LocalPostgres(builder.Options.DataFolder, builder.Log);
            Description = $"local server, data in {_local.DataDirectory}";
        }
        else
        {
            var external = new NpgsqlConnectionStringBuilder(_externalConnectionString);
            Description = $"server {external.Host}:{external.Port} of ConnectionStrings__postgres";
        }
    }

    /// <summary>A connection string to the server's <c>postgres</c> database; set once started.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException($"{Name} has not started.");

    public override IReadOnlyList<ResourceUrl> Urls =>
        _local is { Port: > 0 }
            ? [new ResourceUrl("server", $"postgres://postgres@127.0.0.1:{_local.Port} (password in {Path.Combine(_builder.Options.DataFolder, "postgres.json")})")]
            : [];

    /// <summary>A database of this server, created and migrated before anything that waits for it starts.</summary>
    public DatabaseResource AddDatabase(string name, string databaseName) =>
        _builder.Add(new DatabaseResource(name, databaseName, this, Log)).WaitFor(this);

    public override void Preflight() => _local?.FindTools();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        SetState(ResourceState.Starting);
        try
        {
            if (_local is not null)
            {
                _connectionString = await _local.StartAsync(cancellationToken);
                Log.Info($"PostgreSQL {_local.Version} is listening on 127.0.0.1:{_local.Port} (pid {_local.ProcessId}); its log is {_local.LogFile}.");
            }
            else
            {
                _connectionString = await ConnectExternalAsync(_externalConnectionString!, cancellationToken);
                Log.Info($"Using the PostgreSQL {Description}; the AppHost neither starts nor stops it.");
            }

            SetState(ResourceState.Healthy);
        }
        catch (Exception ex) when (ex is AppHostException or NpgsqlException)
        {
            SetState(ResourceState.Failed, ex.Message);
            throw;
        }
    }

    public override async Task StopAsync(CancellationToken force)
    {
        if (_local is not null && State is not (ResourceState.Waiting or ResourceState.Failed))
        {
            SetState(ResourceState.Stopping);
            Log.Info("Stopping PostgreSQL.");
            await _local.StopAsync(force.IsCancellationRequested);
        }

        SetState(ResourceState.Stopped);
    }

    private static async Task<string> ConnectExternalAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        var deadline = DateTime.UtcNow + ExternalConnectTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return builder.ConnectionString;
            }
            catch (NpgsqlException ex)
            {
                // The server may still be starting (a service started together with the AppHost); give it a moment.
                if (DateTime.UtcNow >= deadline)
                {
                    throw new AppHostException($"The server of ConnectionStrings__postgres does not answer: {ex.Message}", ex);
                }

                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
