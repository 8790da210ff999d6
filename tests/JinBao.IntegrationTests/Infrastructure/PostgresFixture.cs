namespace JinBao.IntegrationTests.Infrastructure;

/// <summary>One <see cref="TestPostgres"/> server shared by every test class in the <c>postgres</c> collection.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TestPostgres? _postgres;

    /// <summary>The running server; each test creates its own database on it.</summary>
    public TestPostgres Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not been initialised by xunit yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _postgres = await TestPostgres.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
