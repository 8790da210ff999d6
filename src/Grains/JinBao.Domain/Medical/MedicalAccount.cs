using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using JinBao.Effects;
using JinBao.Errors;
using JinBao.Ledger;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>
/// The rules of one person's off-site medical account (spec §4), pure: filing, settlement (catalogue of the place of
/// care, policy of the insuring place), reversal. Changes queue their ledger movements and audit events.
/// </summary>
public sealed class MedicalAccount(MedicalAccountState state, CitizenId id, RegionCode insuringCity, MedicalCatalogue catalogue, MedicalPolicies policies, DateTimeOffset now)
{
    /// <summary>spec §4.1: a temporary filing is valid for at least six months.</summary>
    public const int TemporaryFilingMonths = 6;

    /// <summary>
    /// Settlements the state keeps (the newest): far more than a care place retries within; older ones are read from
    /// <c>jinbao_medical_settlements</c> when asked for again (<see cref="IsOnlyArchived"/>).
    /// </summary>
    public const int RecentSettlements = 8;

    public FilingView File(FileForCare command)
    {
        if (state.Filings.FirstOrDefault(f => f.FilingId == command.FilingId) is { } existing)
        {
            return existing == ToView(command, existing.Status)
                ? existing
                : throw new JinBaoException(ErrorKind.RuleViolation, "filing-id-reused", $"Filing {command.FilingId} exists with other content.");
        }

        if (command.Type == FilingType.Emergency)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "filing-emergency-needs-none", "Emergencies are deemed filed (spec §4.1); settle with Emergency set instead.");
        }

        if (command.Type == FilingType.LongTerm ? command.ValidUntil is not null : command.ValidUntil is not { } until || until < command.ValidFrom.AddMonths(TemporaryFilingMonths).AddDays(-1))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "filing-validity",
                command.Type == FilingType.LongTerm
                    ? "A long-term filing is valid until changed: leave ValidUntil empty."
                    : $"A temporary filing is valid for at least {TemporaryFilingMonths} months (spec §4.1).");
        }

        if (command.CareCity.Province == insuringCity.Province)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "filing-not-off-site",
                $"{command.CareCity.Value} is in the insuring province {insuringCity.Province.Value}: that is local care, not off-site.");
        }

        var view = ToView(command, FilingStatus.Active);
        state.Filings.Add(view);
        Audit("medical-filed", command.Request, view);
        return view;
    }

    /// <summary>Changes a filing: the replacement is filed with the usual checks, then the old one is marked changed.</summary>
    public FilingView ChangeFiling(FilingId filingId, FileForCare replacement)
    {
        if (state.Filings.Any(f => f.FilingId == replacement.FilingId))
        {
            return File(replacement); // a replay returns the replacement (or refuses a reused id)
        }

        var index = state.Filings.FindIndex(f => f.FilingId == filingId);
        if (index < 0)
        {
            throw new JinBaoException(ErrorKind.NotFound, "filing-not-found", $"No filing {filingId}.");
        }

        if (state.Filings[index].Status != FilingStatus.Active)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "filing-not-active", $"Filing {filingId} is {state.Filings[index].Status.ToString().ToLowerInvariant()}: file anew instead.");
        }

        var view = File(replacement);
        state.Filings[index] = state.Filings[index] with { Status = FilingStatus.Changed };
        Audit("medical-filing-changed", replacement.Request, new { filingId, replacement = replacement.FilingId });
        return view;
    }

    public FilingView CancelFiling(FilingId filingId, Requester request, string? reason = null)
    {
        var index = state.Filings.FindIndex(f => f.FilingId == filingId);
        if (index < 0)
        {
            throw new JinBaoException(ErrorKind.NotFound, "filing-not-found", $"No filing {filingId}.");
        }

        if (state.Filings[index].Status == FilingStatus.Cancelled)
        {
            return state.Filings[index];
        }

        state.Filings[index] = state.Filings[index] with { Status = FilingStatus.Cancelled };
        Audit("medical-filing-cancelled", request, new { filingId, reason });
        return state.Filings[index];
    }

    /// <summary>
    /// spec §4.2–§4.4: the care place's catalogue splits the bill; the insuring place's policy for the filing type applies
    /// deductible → ratio → cap against this year's accumulators. The fund's part becomes payable to the care province.
    /// </summary>
    /// <param name="command">The bill as the care place sent it.</param>
    /// <param name="archived">The settlement's record from the table when <see cref="IsOnlyArchived"/> (null when never settled).</param>
    public SettlementView Settle(SettleBill command, SettlementRecord? archived = null)
    {
        var fingerprint = Fingerprint(command);
        if ((state.Settlements.GetValueOrDefault(command.SettlementId) ?? archived) is { } done)
        {
            return done.RequestFingerprint == fingerprint
                ? done.View
                : throw new JinBaoException(ErrorKind.RuleViolation, "settlement-id-reused", $"Settlement {command.SettlementId} was made for another bill.");
        }

        if (command.CareCity.Province == insuringCity.Province)
        {
            throw LocalCare(command.CareCity);
        }

        var filing = command.Emergency ? FilingType.Emergency : CoveringFiling(command)?.Type
            ?? throw new JinBaoException(ErrorKind.RuleViolation, "medical-not-filed",
                $"No filing covers care in {command.CareCity.Value} on {command.AdmittedOn:yyyy-MM-dd}: file before discharge settlement (spec §4.1), " +
                "or pay in full and claim manually (手工报销) at the insuring place.");
        var split = catalogue.Split(command.CareCity.Province, command.Lines);
        var policy = policies.For(insuringCity, command.AdmittedOn);
        var year = command.AdmittedOn.Year;
        var (decision, after) = BenefitCalculator.Decide(split, policy, filing, state.Years.GetValueOrDefault(year) ?? MedicalAccumulators.Empty);
        state.Years[year] = after;
        var view = new SettlementView(command.SettlementId, command.CareCity, insuringCity, command.AdmittedOn, filing, decision, SettlementStatus.Settled);
        ArchiveOlderState();
        Record(new SettlementRecord(fingerprint, view, ++state.SettlementCount));
        Post(MovementId.MedicalSettled(command.SettlementId), decision.FundPays, command.CareCity, MovementKinds.MedicalSettlement);
        Audit("medical-settled", command.Request, new
        {
            command.SettlementId,
            care = command.CareCity.Value,
            insuring = insuringCity.Value,
            filing = filing.ToString(),
            fundFen = decision.FundPays.Fen,
            patientFen = decision.PatientPays.Fen,
        });
        return view;
    }

    /// <summary>Reversal (冲正, spec §4.5 transaction 2305): exactly what the settlement took returns to the accumulators.</summary>
    public SettlementView Reverse(SettlementId settlementId, RegionCode careCity, Requester request, string? reason = null, SettlementRecord? archived = null)
    {
        // Only the care province that settled may reverse; to any other the settlement does not exist.
        if ((state.Settlements.GetValueOrDefault(settlementId) ?? archived) is not { } record || record.View.CareCity.Province != careCity.Province)
        {
            throw new JinBaoException(ErrorKind.NotFound, "settlement-not-found", $"No settlement {settlementId}.");
        }

        if (record.View.Status == SettlementStatus.Reversed)
        {
            return record.View;
        }

        var decision = record.View.Decision;
        var year = record.View.AdmittedOn.Year;
        var before = state.Years[year];
        state.Years[year] = new MedicalAccumulators(before.DeductibleUsed - decision.DeductibleApplied, before.FundPaid - decision.FundPays);
        var view = record.View with { Status = SettlementStatus.Reversed };
        ArchiveOlderState();
        Record(record with { View = view });
        Post(MovementId.MedicalReversed(settlementId), -decision.FundPays, record.View.CareCity, MovementKinds.MedicalReversal);
        Audit("medical-reversed", request, new { settlementId, fundFen = decision.FundPays.Fen, reason, care = record.View.CareCity.Value, insuring = insuringCity.Value });
        return view;
    }

    /// <summary>Care in the insuring province is not off-site: the province's own system settles it.</summary>
    public static JinBaoException LocalCare(RegionCode care) => new(ErrorKind.RuleViolation, "medical-local-care",
        $"The person is insured in {care.Province.Value}, where the care was given: that is local care, settled by the province's own system.");

    /// <summary>True when <paramref name="settlementId"/>, if it was ever settled, is only in the table: the caller reads it first.</summary>
    public static bool IsOnlyArchived(MedicalAccountState state, SettlementId settlementId) =>
        !state.Settlements.ContainsKey(settlementId) && state.SettlementCount > state.Settlements.Count;

    /// <param name="archived">Every settlement of the person in the table (the state's copies are the same or newer).</param>
    public MedicalAccountView ToView(IEnumerable<SettlementRecord> archived) => new(
        state.Filings.ToList(),
        state.Years.ToDictionary(y => y.Key, y => y.Value.FundPaid),
        state.Years.ToDictionary(y => y.Key, y => y.Value.DeductibleUsed),
        archived.Where(a => !state.Settlements.ContainsKey(a.View.SettlementId)).Concat(state.Settlements.Values)
            .Select(s => s.View).OrderBy(s => s.AdmittedOn).ToList());

    /// <summary>Keeps the record among the recent ones (dropping the oldest beyond the limit) and writes it to the table.</summary>
    private void Record(SettlementRecord record)
    {
        state.Settlements[record.View.SettlementId] = record;
        Archive(record);
        while (state.Settlements.Count > RecentSettlements)
        {
            state.Settlements.Remove(state.Settlements.Values.MinBy(r => r.Number)!.View.SettlementId);
        }
    }

    /// <summary>A state saved before the table existed holds every settlement: they go to the table, numbered in order.</summary>
    private void ArchiveOlderState()
    {
        if (state.SettlementCount >= state.Settlements.Count)
        {
            return;
        }

        foreach (var (old, number) in state.Settlements.Values.OrderBy(r => r.View.AdmittedOn).ThenBy(r => r.View.SettlementId).Select((r, i) => (r, i + 1)))
        {
            state.Settlements[old.View.SettlementId] = old with { Number = number };
            Archive(old with { Number = number });
        }

        state.SettlementCount = state.Settlements.Count;
    }

    private void Archive(SettlementRecord record) => state.Pending.Add(new MedicalSettlementRow(
        id.Value, record.View.SettlementId, record.View.AdmittedOn, record.View.Status.ToString().ToLowerInvariant(),
        JsonSerializer.Serialize(record, JinBaoJson.Options)));

    private FilingView? CoveringFiling(SettleBill command) => state.Filings
        .Where(f => f.Status == FilingStatus.Active && f.CareCity == command.CareCity
            && f.ValidFrom <= command.AdmittedOn && (f.ValidUntil is null || command.AdmittedOn <= f.ValidUntil))
        .OrderBy(f => f.Type) // long-term first: its ratio is the local level
        .FirstOrDefault();

    /// <summary>The fund's part leaves the insuring area's medical fund and is owed to the care province until clearing.</summary>
    private void Post(MovementId movementId, Money fund, RegionCode careCity, string kind)
    {
        if (fund == Money.Zero)
        {
            return;
        }

        var area = insuringCity.Province.Value;
        state.Pending.Add(new LedgerMovement(movementId, kind, id.Value,
        [
            new LedgerLeg(LedgerAccounts.MedicalFund(area), -fund),
            new LedgerLeg(LedgerAccounts.MedicalPayable(careCity.Province.Value), fund),
        ]));
    }

    private void Audit(string type, Requester request, object payload) =>
        state.Pending.Audit($"medical:{id.Value}", ++state.EventSequence, type, request, payload, now);

    private static FilingView ToView(FileForCare command, FilingStatus status) =>
        new(command.FilingId, command.Type, command.CareCity, command.ValidFrom, command.ValidUntil, status);

    /// <summary>What makes two settlement requests the same bill (who asks does not).</summary>
    public static string Fingerprint(SettleBill command) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(new { command.CareCity, command.AdmittedOn, command.Emergency, command.Lines }))));
}
