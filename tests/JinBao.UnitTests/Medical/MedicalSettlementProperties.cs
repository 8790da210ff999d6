using FsCheck;
using FsCheck.Xunit;

using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.UnitTests.Medical;

public sealed class MedicalSettlementProperties
{
    private static readonly RegionCode Beijing = RegionCode.Parse("110000");
    private static readonly string[] Items = ["B01-AMOX", "B02-ATOR", "B03-STENT", "B04-BED3", "B05-CT", "B06-VIP", "B90-INSCOPE", "B91-CLASSB", "NOT-LISTED"];

    [Property(MaxTest = 300)]
    public bool Split_PartsAlwaysAddUpToTheBill(int[] seeds)
    {
        var lines = seeds.Take(12).Select(s => new FeeLine(Items[Math.Abs(s % Items.Length)], 1 + Math.Abs(s / 7 % 5), new Money(Math.Abs(s % 5_000_000)))).ToList();
        if (lines.Count == 0)
        {
            return true;
        }

        var split = MedicalCatalogue.Official.Split(Beijing, lines);
        return split.FullyOwnPay + split.OverLimit + split.PreSelfPay + split.InScope == split.Total
            && !split.InScope.IsNegative && !split.PreSelfPay.IsNegative && !split.OverLimit.IsNegative;
    }

    /// <summary>
    /// Any sequence of settlements and reversals for one person in one year: the fund never pays beyond the cap, the
    /// deductible is never taken beyond its annual amount, and reversing restores exactly what the settlement took.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool SettlementsAndReversals_RespectCapAndDeductible(int[] ops)
    {
        var policy = MedicalPolicies.Official.For(RegionCode.Parse("510100"), new DateOnly(2026, 6, 1)) with { AnnualCap = Money.FromYuan(60000) };
        var accumulators = MedicalAccumulators.Empty;
        var settled = new List<BenefitDecision>();
        foreach (var op in ops.Take(40))
        {
            if (op % 4 == 0 && settled.Count > 0)
            {
                var reversed = settled[Math.Abs(op / 4) % settled.Count];
                settled.Remove(reversed);
                accumulators = new MedicalAccumulators(accumulators.DeductibleUsed - reversed.DeductibleApplied, accumulators.FundPaid - reversed.FundPays);
            }
            else
            {
                var split = new FeeSplit(new Money(Math.Abs(op) % 3_000_000), default, default, default, new Money(Math.Abs(op) % 3_000_000));
                var filing = (FilingType)(Math.Abs(op) % 4);
                (var decision, accumulators) = BenefitCalculator.Decide(split, policy, filing, accumulators);
                settled.Add(decision);
            }

            var fundPaid = Money.Sum(settled.Select(d => d.FundPays));
            var deductible = Money.Sum(settled.Select(d => d.DeductibleApplied));
            if (fundPaid > policy.AnnualCap || deductible > policy.AnnualDeductible
                || accumulators != new MedicalAccumulators(deductible, fundPaid)
                || settled.Any(d => d.FundPays + d.PatientPays != d.Split.Total || d.FundPays.IsNegative))
            {
                return false;
            }
        }

        return true;
    }
}
