using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>A person's yearly accumulators at the insuring place, shared by local and off-site care (spec §4.4).</summary>
public sealed record MedicalAccumulators(Money DeductibleUsed, Money FundPaid)
{
    /// <summary>The start of a year: nothing used.</summary>
    public static MedicalAccumulators Empty { get; } = new(default, default);
}

/// <summary>The insuring place's computation (spec §4.3): deductible → ratio → annual cap, against the year's accumulators.</summary>
public static class BenefitCalculator
{
    /// <summary>Decides one settlement and returns the accumulators after it. Rounding: the ratio once, to the fen, half away from zero.</summary>
    public static (BenefitDecision Decision, MedicalAccumulators After) Decide(FeeSplit split, BenefitPolicy policy, FilingType filing, MedicalAccumulators before)
    {
        var remainingDeductible = Money.Max(default, policy.AnnualDeductible - before.DeductibleUsed);
        var deductible = Money.Min(split.InScope, remainingDeductible);
        var ratio = policy.Ratios[filing];
        var uncapped = (split.InScope - deductible).MultiplyBy(ratio);
        var remainingCap = Money.Max(default, policy.AnnualCap - before.FundPaid);
        var fund = Money.Min(uncapped, remainingCap);
        var decision = new BenefitDecision(split, deductible, ratio, fund, uncapped - fund, split.Total - fund);
        return (decision, new MedicalAccumulators(before.DeductibleUsed + deductible, before.FundPaid + fund));
    }
}
