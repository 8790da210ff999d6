namespace JinBao.IntegrationTests.Storage;

/// <summary>A test-only grain whose state and reminder go through the ADO.NET providers on our schema.</summary>
[Alias("jinbao.tests.schema-probe")]
public interface ISchemaProbeGrain : IGrainWithStringKey
{
    /// <summary>Sets the value and writes the state.</summary>
    [Alias("set-value")]
    Task SetValueAsync(string value);

    /// <summary>The value, ETag and an id unique to this activation (to tell a fresh activation from the old one).</summary>
    [Alias("read")]
    Task<SchemaProbeReading> ReadAsync();

    /// <summary>Registers a reminder far enough in the future that it never fires during a test.</summary>
    [Alias("register-reminder")]
    Task RegisterReminderAsync(string name);

    /// <summary>Unregisters the reminder if it exists.</summary>
    [Alias("unregister-reminder")]
    Task UnregisterReminderAsync(string name);
}
