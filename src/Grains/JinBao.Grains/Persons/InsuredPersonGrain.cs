using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Grains.Index;
using JinBao.Grains.Transfers;
using JinBao.Index;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Persons;

/// <summary>
/// One insured person across every region (design.md §2), keyed by the 18-character citizen id. The rules live in
/// <see cref="PersonAccount"/>; this grain loads and saves (decision and effects in one transaction).
/// </summary>
[GrainType("person")] // stable across class renames, like the storage state name
public sealed partial class InsuredPersonGrain(
    [PersistentState("person", JinBaoStorage.ProviderName)] IPersistentState<PersonState> state,
    PensionParameters parameters,
    SurvivorBenefits survivorBenefits,
    JinBaoCluster cluster,
    NationalIndexClient index,
    OutboxRelay relay,
    TimeProvider clock,
    ILogger<InsuredPersonGrain> logger) : Grain, IInsuredPersonGrain, ITransferPartyGrain, IPersonYearEndGrain, IIncomingGrainCallFilter
{
    private EffectPipeline<PersonState>? _pipeline;

    private EffectPipeline<PersonState> Pipeline => _pipeline ??= new(this, state, logger);

    private CitizenId Id => CitizenId.Parse(this.GetPrimaryKeyString());

    private PersonAccount Account => new(state.State, Id, parameters, clock.GetUtcNow());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Effects an older version stored with the state are written now (idempotent).
        await Pipeline.DeliverSavedAsync();
    }

    /// <summary>Before every call (reminder ticks included): see <see cref="EffectPipeline{TState}.InvokeOnKnownStateAsync"/>.</summary>
    public Task Invoke(IIncomingGrainCallContext context) => Pipeline.InvokeOnKnownStateAsync(context);

    public async Task<PersonRecord> EnrolAsync(EnrolPerson command)
    {
        var account = Account;
        RegionCode? previousProvince = null;
        if (cluster.IsProvince)
        {
            if (!cluster.Serves(command.InsuringCity))
            {
                throw new JinBaoException(ErrorKind.RuleViolation, "enrolment-other-province",
                    $"{command.InsuringCity.Value} is not in {cluster.Province!.Value.Value} ({cluster.Province.Value.EnglishName}), which this cluster serves; enrol the person at that province's platform.");
            }

            // 重复参保: a province that does not hold the person's active claim yet asks the national index first (fails
            // closed). Checked before claiming so that a refused enrolment does not leave a claim behind.
            var current = account.EnsureCanEnrol(command);
            if (current is null || current.Province != command.InsuringCity.Province)
            {
                var claim = await index.ClaimActiveAsync(Id, command.InsuringCity, state.State.EventSequence, command.Request);
                previousProvince = claim.PreviousProvince;
            }
        }

        await ChangeAsync(() => account.Enrol(command, previousProvince));
        LogEnrolled(Id.Masked, command.InsuringCity.Value);

        // Also on a replay: if telling failed after the enrolment was saved, the caller's retry tells again.
        await GrainFactory.GetMedicalAccountGrain(Id).InsuringCityChangedAsync(account.InsuringCity);
        return account.ToRecord();
    }

    public async Task<StopResult> StopContributingAsync(StopContributing command)
    {
        var account = Account;
        await ChangeAsync(() =>
        {
            if (account.StopContributing(command) is { } stopped && cluster.IsProvince)
            {
                // Same write as the stop: the national index hears of it even if this silo dies now.
                var release = DocumentIds.ForActiveRelease(Id, stopped.Province, state.State.EventSequence);
                state.State.Pending.Add(ExchangeJson.Create(release, DocumentTypes.ActiveReleased, JinBaoCluster.NationalId, Id.Value, null,
                    new ActiveReleasedPayload(stopped.Province, stopped.City, state.State.EventSequence, command.StoppedOn), clock.GetUtcNow()));
                state.State.ActiveRelease = release;
            }
        });

        // "Stopped" is said only once the index knows: a province enrolling the person after hearing it is never refused
        // for this province's claim. The relay delivers the word anyway; a repeated stop sends it again now.
        var record = account.ToRecord();
        var informed = !cluster.IsProvince || record.ActiveSegment is not null || state.State.ActiveRelease is not { } pending
            || await relay.TrySendNowAsync(pending.Value);
        if (!informed)
        {
            LogReleaseQueued(Id.Masked);
        }

        return new StopResult(record, informed);
    }

    public async Task<PersonRecord> DeclareContributionAsync(DeclareContribution command)
    {
        var account = Account;
        await ChangeAsync(() => account.Declare(command));
        return account.ToRecord();
    }

    public Task<PersonRecord> GetRecordAsync() => Task.FromResult(Account.ToRecord());

    public Task<RegionCode> GetInsuringCityAsync() => Task.FromResult(Account.InsuringCity);

    public async Task<TransferCertificate> ReleaseForTransferAsync(ReleaseForTransfer command)
    {
        TransferCertificate? certificate = null;
        await ChangeAsync(() => certificate = Account.Release(command));
        return certificate!;
    }

    public async Task<MergeResult> MergeTransferAsync(MergeTransfer command)
    {
        MergeResult? result = null;
        await ChangeAsync(() => result = Account.Merge(command));
        return result!;
    }

    public Task<DrawingPlaceView> GetDrawingPlaceAsync() => Task.FromResult(Account.DrawingPlace());

    public Task<PensionEstimateView> EstimatePensionAsync() => Task.FromResult(Account.EstimatePension());

    public async Task<EntitlementView> RetireAsync(RetirePerson command)
    {
        EntitlementView? entitlement = null;
        await ChangeAsync(() => entitlement = Account.Retire(command));
        return entitlement!;
    }

    public async Task<PayeeView> RegisterResidenceAsync(RegisterResidence command)
    {
        PayeeView? payee = null;
        await ChangeAsync(() => payee = Account.RegisterResidence(command));
        return payee!;
    }

    public async Task<PayeeView> RecordVerificationAsync(RecordVerification command)
    {
        PayeeView? payee = null;
        await ChangeAsync(() => payee = Account.RecordVerification(command));
        return payee!;
    }

    public async Task<DeathSettlement> NotifyDeathAsync(NotifyDeath command)
    {
        DeathSettlement? settlement = null;
        await ChangeAsync(() => settlement = Account.NotifyDeath(command, survivorBenefits));
        LogDeathNotified(Id.Masked, command.Source.ToString());
        return settlement!;
    }

    public Task<PayeeView> GetPayeeAsync() => Task.FromResult(Account.Payee());

    public async Task<PersonRecord> CreditInterestAsync(int year, Requester request)
    {
        var account = Account;
        await ChangeAsync(() => account.CreditInterest(year, request));
        return account.ToRecord();
    }

    /// <summary>
    /// Applies a change and saves the decision with its effects in one transaction
    /// (<see cref="EffectPipeline{TState}"/>). Every change queues an audit event: nothing queued means a repeated command
    /// changed nothing, and nothing is written.
    /// </summary>
    private Task ChangeAsync(Action change) => Pipeline.ChangeAsync(change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Person {MaskedCitizenId} stopped contributing; the national index will hear of it when the exchange answers")]
    private partial void LogReleaseQueued(string maskedCitizenId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Death of person {MaskedCitizenId} notified by {Source}; payment stopped")]
    private partial void LogDeathNotified(string maskedCitizenId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrolled person {MaskedCitizenId} in {City}")]
    private partial void LogEnrolled(string maskedCitizenId, string city);
}
