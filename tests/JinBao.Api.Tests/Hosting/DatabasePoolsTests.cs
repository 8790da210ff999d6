using JinBao.ServiceDefaults;

using Npgsql;

namespace JinBao.Api.Tests.Hosting;

/// <summary>Every silo and API gets JinBao's connection defaults unless the operator's connection string sets them.</summary>
public sealed class DatabasePoolsTests
{
    [Fact]
    public void WithDefaults_NothingNamed_BoundsThePoolPreparesStatementsAndSkipsTheReset()
    {
        var tuned = DatabasePools.WithDefaults("Host=db;Database=jinbao_p440000;Username=jinbao;Password=x");

        var builder = new NpgsqlConnectionStringBuilder(tuned);
        Assert.Equal((DatabasePools.DefaultMaximumPoolSize, DatabasePools.DefaultMaxAutoPrepare, true, "db", "jinbao_p440000", "x"),
            (builder.MaxPoolSize, builder.MaxAutoPrepare, builder.NoResetOnClose, builder.Host, builder.Database, builder.Password));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80")]
    [InlineData("Host=db;MaxPoolSize=80")]
    [InlineData("Host=db;maximum pool size=80")]
    public void WithDefaults_PoolSizeGiven_KeepsIt(string connectionString) =>
        Assert.Equal(80, new NpgsqlConnectionStringBuilder(DatabasePools.WithDefaults(connectionString)).MaxPoolSize);

    [Fact]
    public void WithDefaults_OperatorTurnedPreparingAndResetBackOn_KeepsTheirChoice()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabasePools.WithDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));

        Assert.Equal((0, false), (builder.MaxAutoPrepare, builder.NoResetOnClose));
    }
}
