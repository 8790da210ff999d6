namespace JinBao.IntegrationTests.Storage;

/// <summary>What <see cref="ISchemaProbeGrain.ReadAsync"/> saw.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.tests.schema-probe-reading")]
public sealed record class SchemaProbeReading(string? Value, string? ETag, Guid ActivationId);
