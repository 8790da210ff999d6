using JinBao.ServiceDefaults;

using Npgsql;

namespace JinBao.Api.Tests.Hosting;

/// <summary>Every silo and API bounds its connection pools unless the operator's connection string sizes them.</summary>
public sealed class DatabasePoolsTests
{
    [Fact]
    public void Bounded_NoPoolSizeGiven_GetsTheDefault()
    {
        var bounded = DatabasePools.Bounded("Host=db;Database=jinbao_p440000;Username=jinbao;Password=x");

        var builder = new NpgsqlConnectionStringBuilder(bounded);
        Assert.Equal((DatabasePools.DefaultMaximumPoolSize, "db", "jinbao_p440000", "x"), (builder.MaxPoolSize, builder.Host, builder.Database, builder.Password));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80")]
    [InlineData("Host=db;MaxPoolSize=80")]
    [InlineData("Host=db;maximum pool size=80")]
    public void Bounded_PoolSizeGiven_KeepsIt(string connectionString) =>
        Assert.Equal(80, new NpgsqlConnectionStringBuilder(DatabasePools.Bounded(connectionString)).MaxPoolSize);
}
