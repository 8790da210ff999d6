using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Medical;

/// <summary>A person's off-site medical account at the insuring place; the rules live in <see cref="MedicalAccount"/>.</summary>
[GrainType("medical-account")]
public sealed class MedicalAccountGrain(
    [PersistentState("medical-account", JinBaoStorage.ProviderName)] IPersistentState<MedicalAccountState> state,
    SettlementArchive archive,
    JinBaoCluster cluster,
    TimeProvider clock,
    ILogger<MedicalAccountGrain> logger) : Grain, IMedicalAccountGrain, IIncomingGrainCallFilter
{
    private EffectPipeline<MedicalAccountState>? _pipeline;

    // Where the person is insured, asked once per activation and then told by the person grain on every enrolment.
    private RegionCode? _insuringCity;

    private EffectPipeline<MedicalAccountState> Pipeline => _pipeline ??= new(this, state, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Pipeline.DeliverSavedAsync();

    /// <summary>Before every call (reminder ticks included): see <see cref="EffectPipeline{TState}.InvokeOnKnownStateAsync"/>.</summary>
    public Task Invoke(IIncomingGrainCallContext context) => Pipeline.InvokeOnKnownStateAsync(context);

    public async Task<FilingView> FileAsync(FileForCare command)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.File(command));
    }

    public async Task<FilingView> ChangeFilingAsync(FilingId filingId, FileForCare replacement)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.ChangeFiling(filingId, replacement));
    }

    public async Task<FilingView> CancelFilingAsync(FilingId filingId, Requester request, string? reason)
    {
        var account = await AccountAsync();
        return await ChangeAsync(() => account.CancelFiling(filingId, request, reason));
    }

    public async Task<SettlementView> SettleAsync(SettleBill command)
    {
        var account = await AccountAsync();
        var archived = await ArchivedAsync(command.SettlementId);
        return await ChangeAsync(() => account.Settle(command, archived));
    }

    public async Task<SettlementView> ReverseAsync(SettlementId settlementId, RegionCode careCity, Requester request, string? reason)
    {
        var account = await AccountAsync();
        var archived = await ArchivedAsync(settlementId);
        return await ChangeAsync(() => account.Reverse(settlementId, careCity, request, reason, archived));
    }

    public async Task<MedicalAccountView> GetAsync()
    {
        var account = await AccountAsync();
        return account.ToView(await archive.ListAsync(Id));
    }

    public Task InsuringCityChangedAsync(RegionCode insuringCity)
    {
        _insuringCity = insuringCity;
        return Task.CompletedTask;
    }

    private CitizenId Id => CitizenId.Parse(this.GetPrimaryKeyString());

    /// <summary>A settlement the state no longer keeps is read from the table, so that a replay is still a replay.</summary>
    private async Task<SettlementRecord?> ArchivedAsync(SettlementId settlementId) =>
        MedicalAccount.IsOnlyArchived(state.State, settlementId) ? await archive.FindAsync(Id, settlementId) : null;

    /// <summary>The insuring place is where the person is insured now (their person record in this province).</summary>
    private async Task<MedicalAccount> AccountAsync()
    {
        var id = Id;
        var insuringCity = _insuringCity ??= await GrainFactory.GetPersonGrain(id).GetInsuringCityAsync();
        if (!cluster.Serves(insuringCity))
        {
            throw new JinBaoException(ErrorKind.NotFound, "person-not-insured", $"{cluster} does not insure this person now.");
        }

        return new MedicalAccount(state.State, id, insuringCity, MedicalCatalogue.Official, MedicalPolicies.Official, clock.GetUtcNow());
    }

    // A replay queues nothing and writes nothing.
    private Task<T> ChangeAsync<T>(Func<T> change) => Pipeline.ChangeAsync(change);
}
