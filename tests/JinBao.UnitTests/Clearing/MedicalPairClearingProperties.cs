using FsCheck.Xunit;

using JinBao.Clearing;
using JinBao.Effects;
using JinBao.Ledger;
using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.UnitTests.Clearing;

/// <summary>
/// The national clearing of one province pair, as the clearing grain runs it: settlements arrive in batches of any size,
/// some again (a care province's retry), some reversed later. Whatever the batching, the ledger must hold the same
/// movements, the advance's position must equal the sum of its postings, and nothing is posted twice.
/// </summary>
public sealed class MedicalPairClearingProperties
{
    private const string Insuring = "510000";
    private const string Care = "440000";
    private static readonly string Prepaid = $"{Insuring}:medical-prepaid:{Care}";
    private static readonly MedicalPrepaymentPolicy Policy = new(Money.FromYuan(1_000), 2, 0.70m);

    [Property(MaxTest = 200)]
    public bool AnyBatching_PostsTheSameMovementsOnce_AndThePositionIsTheirSum(int[] ops, int batchSize)
    {
        var settlements = Settlements(ops);
        var start = new MedicalPairPosition(Money.Zero, Money.Zero, 0, Money.FromYuan(90_000), 0, 2026);

        var (oneByOne, oneByOnePosition) = PostInBatches(settlements, 1, start);
        var (batched, batchedPosition) = PostInBatches(settlements, 1 + Math.Abs(batchSize % 7), start);

        return oneByOne.Select(m => m.MovementId).SequenceEqual(batched.Select(m => m.MovementId))
            && oneByOnePosition == batchedPosition
            && batched.Select(m => m.MovementId).Distinct().Count() == batched.Count
            && batched.All(m => Money.Sum(m.Legs.Select(l => l.Amount)) == Money.Zero)
            && Money.Sum(batched.SelectMany(m => m.Legs).Where(l => l.Account == Prepaid).Select(l => l.Amount)) == batchedPosition.Balance
            && batchedPosition.PostingsThisYear == batched.Count;
    }

    [Property(MaxTest = 100)]
    public bool ARepeatedBatch_PostsNothing_AndLeavesThePosition(int[] ops)
    {
        var settlements = Settlements(ops);
        var clearing = new MedicalPairClearing(Insuring, Care, Policy);
        var posted = new HashSet<MovementId>();
        var (_, after) = clearing.Post(new MedicalPairPosition(Money.Zero, Money.Zero, 0, Money.Zero, 0, 2026), settlements, posted);

        var (again, afterAgain) = clearing.Post(after, settlements, posted);
        return again.IsEmpty && afterAgain == after;
    }

    [Property(MaxTest = 100)]
    public bool TheYearsFirstPosting_SizesTheAdvance_AndATopUpRestoresAUsedAdvance(int[] ops)
    {
        var settlements = Settlements(ops).Where(s => s.Status == SettlementStatus.Settled).ToList();
        var prior = Money.FromYuan(600_000); // two months of it: 100,000 yuan
        var (effects, after) = new MedicalPairClearing(Insuring, Care, Policy)
            .Post(new MedicalPairPosition(Money.Zero, Money.Zero, 0, prior, 0, 2026), settlements, new HashSet<MovementId>());
        return settlements.Count == 0
            ? effects.IsEmpty
            : effects.Movements[0].MovementId.Value == $"medical-advance:{Insuring}:{Care}:2026"
                && Money.Sum(effects.Movements[0].Legs.Where(l => l.Account == Prepaid).Select(l => l.Amount)) == Policy.StandardAdvance(prior)
                && (after.Advanced - after.Balance).Fen <= after.Advanced.Fen * Policy.TopUpAtUsage;
    }

    [Fact]
    public void AConfirmedStatement_MovesItsNetBackIntoTheAdvance()
    {
        var effects = new MedicalPairClearing(Insuring, Care, Policy).Confirm(new YearMonth(2026, 3), Money.FromYuan(4_200), "city:510100/clerk", null, DateTimeOffset.UnixEpoch);

        var movement = Assert.Single(effects.Movements);
        Assert.Equal($"medical-clearing:2026-03:{Insuring}:{Care}", movement.MovementId.Value);
        Assert.Equal(Money.FromYuan(4_200), movement.Legs.Single(l => l.Account == Prepaid).Amount);
        Assert.Equal(-Money.FromYuan(4_200), movement.Legs.Single(l => l.Account == $"{Insuring}:medical-clearing").Amount);
        Assert.Equal("medical-clearing-confirmed", Assert.Single(effects.Events).Type);
    }

    private static (List<LedgerMovement> Movements, MedicalPairPosition Position) PostInBatches(
        IReadOnlyList<SettlementView> settlements, int batchSize, MedicalPairPosition start)
    {
        var clearing = new MedicalPairClearing(Insuring, Care, Policy);
        var ledger = new HashSet<MovementId>(); // the movement ids on the ledger
        var movements = new List<LedgerMovement>();
        var position = start;
        foreach (var batch in settlements.Chunk(batchSize))
        {
            PendingEffects effects;
            (effects, position) = clearing.Post(position, batch, new HashSet<MovementId>(ledger));
            movements.AddRange(effects.Movements);
            ledger.UnionWith(effects.Movements.Select(m => m.MovementId));
        }

        return (movements, position);
    }

    // Settlements as the care province sends them: new ones, retries of earlier ones, and reversals of earlier ones.
    private static List<SettlementView> Settlements(int[] ops)
    {
        var sent = new List<SettlementView>();
        var distinct = new List<SettlementView>();
        foreach (var op in ops.Take(60).Select(Math.Abs))
        {
            if (op % 4 == 0 && distinct.Count > 0)
            {
                var earlier = distinct[op / 4 % distinct.Count];
                sent.Add(op % 8 == 0 ? earlier with { Status = SettlementStatus.Reversed } : earlier);
                continue;
            }

            var fund = new Money(1 + op % 5_000_000);
            var view = new SettlementView(new SettlementId($"s-{distinct.Count}"), RegionCode.Parse("440300"), RegionCode.Parse("510100"), new DateOnly(2026, 3, 1),
                FilingType.LongTerm, new BenefitDecision(new FeeSplit(fund, Money.Zero, Money.Zero, Money.Zero, fund), Money.Zero, 1m, fund, Money.Zero, Money.Zero),
                SettlementStatus.Settled);
            distinct.Add(view);
            sent.Add(view);
        }

        return sent;
    }
}
