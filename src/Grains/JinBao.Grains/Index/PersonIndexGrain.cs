using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Index;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Index;

/// <summary>The national person index entry of one citizen id (national cluster). Rules in <see cref="PersonIndex"/>.</summary>
[GrainType("person-index")]
public sealed class PersonIndexGrain(
    [PersistentState("person-index", JinBaoStorage.ProviderName)] IPersistentState<PersonIndexState> state,
    TimeProvider clock,
    ILogger<PersonIndexGrain> logger) : Grain, IPersonIndexGrain, IIncomingGrainCallFilter
{
    private EffectPipeline<PersonIndexState>? _pipeline;

    private EffectPipeline<PersonIndexState> Pipeline => _pipeline ??= new(this, state, logger);

    private PersonIndex Index => new(state.State, this.GetPrimaryKeyString(), clock.GetUtcNow());

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Pipeline.DeliverSavedAsync();

    /// <summary>Before every call (reminder ticks included): see <see cref="EffectPipeline{TState}.InvokeOnKnownStateAsync"/>.</summary>
    public Task Invoke(IIncomingGrainCallContext context) => Pipeline.InvokeOnKnownStateAsync(context);

    public async Task<ActiveClaimResult> ClaimActiveAsync(ActiveClaim claim)
    {
        var before = (state.State.ActiveProvince, state.State.ActiveSequence);
        return await Pipeline.ChangeAsync(() => Index.Claim(claim),
            saveWhen: () => !state.State.Pending.IsEmpty || before != (state.State.ActiveProvince, state.State.ActiveSequence));
    }

    public async Task<string> ReceiveDocumentAsync(ExchangeDocument document)
    {
        var known = state.State.ProcessedDocuments.Contains(document.DocumentId);

        // The effect and the document id that dedupes it, in one write; a known document changes nothing.
        return await Pipeline.ChangeAsync(() => Index.Receive(document), saveWhen: () => !known);
    }

    public Task<PersonIndexView> GetAsync() => Task.FromResult(Index.ToView());
}
