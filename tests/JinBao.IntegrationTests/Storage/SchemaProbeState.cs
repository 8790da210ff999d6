namespace JinBao.IntegrationTests.Storage;

/// <summary>The persisted state of <see cref="SchemaProbeGrain"/>.</summary>
[GenerateSerializer]
public sealed class SchemaProbeState
{
    /// <summary>The last value set.</summary>
    [Id(0)]
    public string? Value { get; set; }
}
