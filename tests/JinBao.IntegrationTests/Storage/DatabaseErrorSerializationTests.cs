using JinBao.IntegrationTests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using Orleans.Serialization;

namespace JinBao.IntegrationTests.Storage;

/// <summary>
/// Orleans' own services on PostgreSQL (reminders, membership) answer grain calls with Npgsql's exceptions while the
/// database is down. A silo must be able to send them: an answer that cannot be serialised is never sent, and the
/// caller waits out the response timeout, blocked (issue 17: CodecNotFoundException from the reminder service).
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class DatabaseErrorSerializationTests(ProvinceClusterFixture fixture)
{
    [Fact]
    public void DatabaseErrors_CrossASiloBoundary_WithTheirMessage()
    {
        var serializer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>();
        Exception[] errors =
        [
            new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
            new NpgsqlException("Failed to connect to 127.0.0.1:5432"),
        ];

        foreach (var error in errors)
        {
            var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(error));
            Assert.Contains(error.Message, Assert.IsAssignableFrom<Exception>(copy).Message, StringComparison.Ordinal);
        }
    }
}
