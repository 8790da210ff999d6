using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.Logging;

namespace JinBao.Medical;

/// <summary>A person's off-site medical account at the insuring place; the rules live in <see cref="MedicalAccount"/>.</summary>
[GrainType("medical-account")]
public sealed class MedicalAccountGrain(
    [PersistentState("medical-account", JinBaoStorage.ProviderName)] IPersistentState<MedicalAccountState> state,
    JinBaoCluster cluster,
    TimeProvider clock,
    ILogger<MedicalAccountGrain> logger) : Grain, IMedicalAccountGrain
{
    private EffectPipeline<MedicalAccountState>? _pipeline;

    private EffectPipeline<MedicalAccountState> Pipeline => _pipeline ??= new(this, state, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Pipeline.DeliverSavedAsync();

    public async Task<FilingView> FileAsync(FileForCare command)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.File(command));
    }

    public async Task<FilingView> ChangeFilingAsync(string filingId, FileForCare replacement)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.ChangeFiling(filingId, replacement));
    }

    public async Task<FilingView> CancelFilingAsync(string filingId, Requester request, string? reason)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.CancelFiling(filingId, request, reason));
    }

    public async Task<SettlementView> SettleAsync(SettleBill command)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.Settle(command));
    }

    public async Task<SettlementView> ReverseAsync(string settlementId, RegionCode careCity, Requester request, string? reason)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.Reverse(settlementId, careCity, request, reason));
    }

    public async Task<MedicalAccountView> GetAsync() => (await AccountAsync()).ToView();

    /// <summary>The insuring place is where the person is insured now (their person record in this province).</summary>
    private async Task<MedicalAccount> AccountAsync()
    {
        var id = CitizenId.Parse(this.GetPrimaryKeyString());
        var record = await GrainFactory.GetPersonGrain(id).GetRecordAsync();
        if (!cluster.Serves(record.InsuringCity))
        {
            throw new JinBaoException(ErrorKind.NotFound, "person-not-insured", $"{cluster} does not insure this person now.");
        }

        return new MedicalAccount(state.State, id, record.InsuringCity, MedicalCatalogue.Official, MedicalPolicies.Official, clock.GetUtcNow());
    }

    // A replay queues nothing and writes nothing.
    private Task<T> ChangeAsync<T>(Func<T> change) => Pipeline.ChangeAsync(change);
}
