using System.Globalization;

using JinBao.Data;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>An insuring place's benefit parameters from one date on (参保地政策, spec §4.4).</summary>
public sealed record BenefitPolicy(
    string InsuringArea,
    DateOnly EffectiveFrom,
    Money AnnualDeductible,
    IReadOnlyDictionary<FilingType, decimal> Ratios,
    Money AnnualCap);

/// <summary>The policies of every insuring place, by area and effective date, from <c>data/medical-policies.csv</c>.</summary>
public sealed class MedicalPolicies(IEnumerable<BenefitPolicy> policies)
{
    private readonly List<BenefitPolicy> _policies = policies.OrderBy(p => p.EffectiveFrom).ToList();

    /// <summary>The policies of <c>data/medical-policies.csv</c>, shipped inside the assembly.</summary>
    public static MedicalPolicies Official { get; } = new(EmbeddedData.ReadCsv("medical-policies.csv").Select(row => new BenefitPolicy(
        RegionCode.Parse(row[0]).Value,
        DateOnly.ParseExact(row[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Money.FromYuan(decimal.Parse(row[2], CultureInfo.InvariantCulture)),
        new Dictionary<FilingType, decimal>
        {
            [FilingType.LongTerm] = decimal.Parse(row[3], CultureInfo.InvariantCulture),
            [FilingType.Referral] = decimal.Parse(row[4], CultureInfo.InvariantCulture),
            [FilingType.Emergency] = decimal.Parse(row[5], CultureInfo.InvariantCulture),
            [FilingType.OtherTemporary] = decimal.Parse(row[6], CultureInfo.InvariantCulture),
        },
        Money.FromYuan(decimal.Parse(row[7], CultureInfo.InvariantCulture)))));

    /// <summary>The policy of the person's insuring place on the date of care: the city's own if it has one, else its province's.</summary>
    /// <exception cref="JinBaoException">No policy is configured for that place and date.</exception>
    public BenefitPolicy For(RegionCode insuringCity, DateOnly on) =>
        Latest(insuringCity.Value, on) ?? Latest(insuringCity.Province.Value, on)
        ?? throw new JinBaoException(ErrorKind.RuleViolation, "medical-policy-unknown",
            $"No benefit policy of {insuringCity.Value} or its province is in force on {on:yyyy-MM-dd}; add it to data/medical-policies.csv.");

    private BenefitPolicy? Latest(string area, DateOnly on) =>
        _policies.LastOrDefault(p => p.InsuringArea == area && p.EffectiveFrom <= on);
}
