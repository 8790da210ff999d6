using System.Text.Json;

using FsCheck.Xunit;

using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.UnitTests.Medical;

/// <summary>The person's medical account with its ledger postings, under any sequence of settlements, replays and reversals.</summary>
public sealed class MedicalAccountLedgerProperties
{
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly RegionCode[] CarePlaces = [RegionCode.Parse("110100"), RegionCode.Parse("440300")];
    private static readonly CitizenId Person = CitizenId.Create("510104", new DateOnly(1955, 3, 1), 31);
    private static readonly Requester Hospital = new("city:110100", null);

    /// <summary>
    /// The fund never pays beyond the cap, the deductible is taken at most once a year in total, replays change nothing,
    /// and the ledger agrees with the accumulators: the fund's postings are exactly what the live settlements pay, every
    /// movement sums to zero, and no movement is posted twice. Sequences run past the settlements the state keeps
    /// (<see cref="MedicalAccount.RecentSettlements"/>): older ones are found in the table, as the grain finds them, and
    /// the table holds every settlement exactly as the rule last saw it.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool AnySequence_KeepsCapDeductibleAndLedgerExact(int[] ops)
    {
        var state = new MedicalAccountState();
        var account = new MedicalAccount(state, Person, Chengdu, MedicalCatalogue.Official, MedicalPolicies.Official, DateTimeOffset.UnixEpoch);
        account.File(new FileForCare(new FilingId("long"), FilingType.LongTerm, CarePlaces[0], new DateOnly(2026, 1, 1), null, Hospital));
        account.File(new FileForCare(new FilingId("referral"), FilingType.Referral, CarePlaces[1], new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Hospital));
        var policy = MedicalPolicies.Official.For(Chengdu, new DateOnly(2026, 6, 1));
        var bills = new List<SettleBill>();
        var table = new Dictionary<SettlementId, SettlementRecord>(); // jinbao_medical_settlements, as the effects write it
        SettlementRecord? Archived(SettlementId id) => MedicalAccount.IsOnlyArchived(state, id) ? table.GetValueOrDefault(id) : null;
        foreach (var op in ops.Take(120).Select(Math.Abs))
        {
            switch (op % 5)
            {
                case 0 when bills.Count > 0:
                    var reversed = bills[op / 5 % bills.Count];
                    account.Reverse(reversed.SettlementId, reversed.CareCity, Hospital, null, Archived(reversed.SettlementId)); // twice is a no-op
                    break;
                case 1 when bills.Count > 0:
                    var retried = bills[op / 5 % bills.Count];
                    account.Settle(retried, Archived(retried.SettlementId));             // a hospital's retry
                    break;
                default:
                    var bill = new SettleBill(new SettlementId($"s-{bills.Count}"), CarePlaces[op % 2], new DateOnly(2026, 1 + (op % 12), 1), op % 7 == 0,
                        [new FeeLine(op % 2 == 0 ? "B90-INSCOPE" : "G90-INSCOPE", 1, new Money(op % 20_000_000))], Hospital);
                    bills.Add(bill);
                    account.Settle(bill, Archived(bill.SettlementId));
                    break;
            }

            foreach (var row in state.Pending.MedicalSettlements)
            {
                table[row.SettlementId] = JsonSerializer.Deserialize<SettlementRecord>(row.RecordJson, JinBao.JinBaoJson.Options)!;
            }

            state.Pending.MedicalSettlements.Clear();
        }

        var live = table.Values.Select(s => s.View).Where(s => s.Status == SettlementStatus.Settled).ToList();
        var movements = state.Pending.Movements;
        var fundPostings = movements.SelectMany(m => m.Legs).Where(l => l.Account == "510000:medical-fund").Select(l => l.Amount);
        var accumulators = state.Years.GetValueOrDefault(2026) ?? MedicalAccumulators.Empty;
        return Money.Sum(live.Select(s => s.Decision.FundPays)) == accumulators.FundPaid
            && accumulators.FundPaid <= policy.AnnualCap
            && Money.Sum(live.Select(s => s.Decision.DeductibleApplied)) == accumulators.DeductibleUsed
            && accumulators.DeductibleUsed <= policy.AnnualDeductible
            && -Money.Sum(fundPostings) == accumulators.FundPaid
            && movements.All(m => Money.Sum(m.Legs.Select(l => l.Amount)) == Money.Zero)
            && movements.Select(m => m.MovementId).Distinct().Count() == movements.Count
            && table.Count == bills.Count
            && state.Settlements.Count <= MedicalAccount.RecentSettlements
            && state.Settlements.Values.All(kept => table[kept.View.SettlementId] == kept);
    }
}
