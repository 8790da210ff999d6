namespace JinBao.IntegrationTests.Infrastructure;

/// <summary>Test classes marked <c>[Collection("postgres")]</c> share one PostgreSQL server per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection name to put in <c>[Collection(...)]</c>.</summary>
    public const string Name = "postgres";
}
