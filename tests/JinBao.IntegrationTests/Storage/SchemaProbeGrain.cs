namespace JinBao.IntegrationTests.Storage;

/// <inheritdoc cref="ISchemaProbeGrain" />
public sealed class SchemaProbeGrain(
    [PersistentState(SchemaProbeGrain.StateName, SchemaProbeGrain.StorageName)] IPersistentState<SchemaProbeState> state)
    : Grain, ISchemaProbeGrain, IRemindable
{
    /// <summary>The state name, stored as GrainTypeString; unique so no other grain class shares its rows.</summary>
    public const string StateName = "schema-probe";

    /// <summary>The grain storage provider name the tests register.</summary>
    public const string StorageName = "jinbao";

    private static readonly TimeSpan FarAway = TimeSpan.FromHours(1);

    private readonly Guid _activationId = Guid.NewGuid();

    /// <inheritdoc />
    public async Task SetValueAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<SchemaProbeReading> ReadAsync() => Task.FromResult(new SchemaProbeReading(state.State.Value, state.Etag, _activationId));

    /// <inheritdoc />
    public Task RegisterReminderAsync(string name) => this.RegisterOrUpdateReminder(name, FarAway, FarAway);

    /// <inheritdoc />
    public async Task UnregisterReminderAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
