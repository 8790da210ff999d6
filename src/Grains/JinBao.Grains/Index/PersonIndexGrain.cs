using JinBao.Effects;
using JinBao.Exchange;

namespace JinBao.Index;

/// <summary>The national person index entry of one citizen id (national cluster). Rules in <see cref="PersonIndex"/>.</summary>
[GrainType("person-index")]
public sealed class PersonIndexGrain(
    [PersistentState("person-index", JinBaoStorage.ProviderName)] IPersistentState<PersonIndexState> state,
    EffectWriter effects,
    TimeProvider clock) : Grain, IPersonIndexGrain
{
    private PersonIndex Index => new(state.State, this.GetPrimaryKeyString(), clock.GetUtcNow());

    public override Task OnActivateAsync(CancellationToken cancellationToken) => effects.DeliverAsync(state.State.Pending, cancellationToken);

    public async Task<ActiveClaimResult> ClaimActiveAsync(ActiveClaim claim)
    {
        await effects.DeliverAsync(state.State.Pending); // left over by a failed delivery
        var before = (state.State.ActiveProvince, state.State.ActiveSequence);
        var result = Index.Claim(claim);
        if (!state.State.Pending.IsEmpty || before != (state.State.ActiveProvince, state.State.ActiveSequence))
        {
            await SaveAsync();
        }

        return result;
    }

    public async Task<string> ReceiveDocumentAsync(ExchangeDocument document)
    {
        await effects.DeliverAsync(state.State.Pending);
        var known = state.State.ProcessedDocuments.Contains(document.DocumentId);
        string outcome;
        try
        {
            outcome = Index.Receive(document);
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }

        if (!known)
        {
            await SaveAsync(); // the effect and the document id that dedupes it, in one write
        }

        return outcome;
    }

    public Task<PersonIndexView> GetAsync() => Task.FromResult(Index.ToView());

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }

        await effects.DeliverAsync(state.State.Pending);
    }
}
