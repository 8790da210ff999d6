using System.Security.Cryptography;
using System.Text;

using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Persons;

public sealed partial class PersonAccount
{
    /// <summary>spec §3.6: where the person would draw, counting each month in the province where it was actually paid.</summary>
    public DrawingPlaceView DrawingPlace()
    {
        EnsureEnrolled();
        var stays = state.Segments
            .Where(s => s.Status != SegmentStatus.TransferredOut)
            .SelectMany(s => s.Months.Select(m => (Province: m.Value.City.Province.Value, Temporary: s.Kind == SegmentKind.Temporary, Month: m.Key)))
            .GroupBy(m => (m.Province, m.Temporary))
            .Select(g => new InsuranceSegment(g.Key.Province, g.Select(m => m.Month).Distinct().Count(), g.Key.Temporary, g.Max(m => m.Month)))
            .OrderBy(s => s.LastContributionMonth)
            .ToList();
        if (stays.Count == 0)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "drawing-place-no-contributions", "The person has no contribution months yet.");
        }

        var decision = DrawingPlaceRule.Decide(state.HukouRegion.Province.Value, stays);
        var years = stays.Where(s => !s.IsTemporary).GroupBy(s => s.Province).ToDictionary(g => g.Key, g => g.Sum(s => s.ContributionMonths));
        return new DrawingPlaceView(RegionCode.Parse(decision.Province), Kebab(decision.Reason.ToString()), years);
    }

    /// <summary>
    /// The pension the person would draw at the statutory age with what is recorded today (spec §2.2): the drawing place
    /// by today's months, each calendar month once, the index against the drawing province's wages, and today's
    /// computation base (the latest published year), so the estimate is in today's money and assumes no further month.
    /// </summary>
    public PensionEstimateView EstimatePension()
    {
        var place = DrawingPlace();
        var statutory = RetirementAge.For(id.Sex == Sex.Male ? RetirementGroup.Man : RetirementGroup.WomanWorker, id.BirthDate);
        var province = place.Province.Value;
        var months = state.Segments
            .Where(s => s.Status != SegmentStatus.TransferredOut)
            .SelectMany(s => s.Months)
            .GroupBy(m => m.Key, m => m.Value.Base)
            .ToList();
        var baseYear = Enumerable.Range(0, 10).Select(back => Today.Year - back).First(year => parameters.Wages.TryGetAverageMonthlyWage(province, year - 1, out _));
        var years = months
            .GroupBy(m => m.Key.Year)
            .Select(g => new ContributionYear(g.Key, g.Select(m => m.First()).ToList(),
                parameters.Wages.TryGetAverageMonthlyWage(province, g.Key, out var wage) ? wage : parameters.Wages.AverageMonthlyWage(province, baseYear - 1)))
            .ToList();
        var index = PensionFormula.AverageContributionIndex(years);
        var computationBase = parameters.Wages.ComputationBase(province, baseYear);
        var balance = Money.Sum(state.Segments.Where(s => s.Status != SegmentStatus.TransferredOut).Select(s => s.IndividualAccountBalance));
        var pension = PensionFormula.Compute(computationBase, index, months.Count, balance, statutory.AgeMonths);
        return new PensionEstimateView(statutory.ReachedOn, statutory.AgeMonths, place, months.Count,
            RetirementAge.MinimumContributionMonths(statutory.ReachedOn.Year), decimal.Round(index, 4), computationBase, baseYear - 1,
            balance, AccountDivisors.For(statutory.AgeMonths), pension.Basic, pension.Account, pension.Total);
    }

    /// <summary>
    /// Retires the person (spec §2.2–§2.4, §3.6): checks statutory age and minimum months, decides the drawing place,
    /// consolidates every other account into it (归集, with the same release and merge as a transfer, so duplicates
    /// are cleared and funds move through the ledger), and fixes the monthly pension.
    /// </summary>
    public EntitlementView Retire(RetirePerson command)
    {
        EnsureEnrolled();
        if (state.Entitlement is { } entitled)
        {
            return entitled;
        }

        if (state.Status != PersonStatus.Active)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "person-not-active", $"The person is {state.Status.ToString().ToLowerInvariant()}.");
        }

        _ = command.PayeeBank is null ? null : ValidBank(command.PayeeBank); // refuse bad payee data before anything changes
        _ = command.PayeeAccount is null ? null : ValidAccount(command.PayeeAccount);
        var group = id.Sex == Sex.Male ? RetirementGroup.Man : command.FemaleCadre ? RetirementGroup.WomanCadre : RetirementGroup.WomanWorker;
        var statutory = RetirementAge.For(group, id.BirthDate);
        if (command.On < statutory.ReachedOn)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "retirement-below-statutory-age",
                $"The statutory retirement age ({statutory.AgeYears}y{statutory.ExtraMonths}m) is reached on {statutory.ReachedOn:yyyy-MM-dd} (spec §2.3).");
        }

        var months = state.Segments.SelectMany(s => s.Months.Keys).Distinct().Count();
        var minimum = RetirementAge.MinimumContributionMonths(command.On.Year);
        if (months < minimum)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "retirement-minimum-contributions",
                $"{months} contribution months, {minimum} required in {command.On.Year} (spec §2.4): keep contributing, pay a lump sum where allowed, or switch to the resident scheme.");
        }

        var place = DrawingPlace();
        var target = DrawingSegment(place.Province);
        foreach (var segment in state.Segments.Where(s => s != target && s.Status != SegmentStatus.TransferredOut && s.Months.Count > 0).ToList())
        {
            // spec §3.6 "then consolidate all other relationships and temporary accounts into the winner".
            var consolidation = new TransferId(DeterministicGuid($"consolidation:{id.Value}:{segment.City.Value}"));
            segment.Status = segment.Status == SegmentStatus.Active ? SegmentStatus.Dormant : segment.Status;
            var certificate = Release(new ReleaseForTransfer(consolidation, segment.City, target.City, command.On, command.Request));
            Merge(new MergeTransfer(certificate, target.City, command.On, command.Request));
        }

        var entitlement = ComputeEntitlement(command.On, place, target, statutory);
        target.Status = SegmentStatus.Dormant; // contributions end; the drawing place pays from now on
        state.Entitlement = entitlement;
        state.Status = PersonStatus.Retired;
        OpenPayee(command, entitlement);
        Audit("person-retired", command.Request, new
        {
            drawingProvince = place.Province.Value,
            reason = place.Reason,
            drawingCity = target.City.Value,
            entitlement.ContributionMonths,
            monthlyPensionFen = entitlement.MonthlyPension.Fen,
            residence = state.Payee!.ResidenceRegion.Value,
            bank = state.Payee.Bank,
        });
        Project();
        return entitlement;
    }

    /// <summary>The segment that receives everything: the latest regular one in the drawing province, or a new one at the hukou place.</summary>
    private PensionSegment DrawingSegment(RegionCode province)
    {
        var existing = state.Segments
            .Where(s => s.Province == province && s.Kind == SegmentKind.Regular && s.Status != SegmentStatus.TransferredOut)
            .MaxBy(s => s.Months.Count == 0 ? default : s.Months.Keys.Max());
        if (existing is not null)
        {
            existing.Status = SegmentStatus.Active;
            return existing;
        }

        // spec §3.6 clause 4: consolidated to the hukou place, where the person may never have contributed.
        var city = RegionCode.TryParse(state.HukouRegion.Value[..4] + "00", out var hukouCity) && hukouCity.Level == RegionLevel.City
            ? hukouCity
            : RegionCode.All.First(r => r.Level == RegionLevel.City && r.Province == province);
        var segment = new PensionSegment
        {
            City = city,
            PoolingArea = parameters.PoolingAreas.Of(city),
            Province = province,
            Kind = SegmentKind.Regular,
            Status = SegmentStatus.Active,
        };
        state.Segments.Add(segment);
        return segment;
    }

    /// <summary>spec §2.2 with the drawing place's computation base and average wages.</summary>
    private EntitlementView ComputeEntitlement(DateOnly on, DrawingPlaceView place, PensionSegment target, StatutoryRetirement statutory)
    {
        var province = place.Province.Value;
        var years = target.Months
            .GroupBy(m => m.Key.Year)
            .Select(g => new ContributionYear(g.Key, g.Select(m => m.Value.Base).ToList(), parameters.Wages.AverageMonthlyWage(province, g.Key)))
            .ToList();
        var index = PensionFormula.AverageContributionIndex(years);
        var computationBase = parameters.Wages.ComputationBase(province, on.Year);
        var ageMonths = Math.Max(CompletedAge.Months(id.BirthDate, on), statutory.AgeMonths);
        var pension = PensionFormula.Compute(computationBase, index, target.Months.Count, target.IndividualAccountBalance, ageMonths);
        return new EntitlementView(place, target.City, on, YearMonth.Of(on).AddMonths(1), target.Months.Count, decimal.Round(index, 4),
            computationBase, target.IndividualAccountBalance, AccountDivisors.For(ageMonths), pension.Basic, pension.Account, pension.Total);
    }

    private static Guid DeterministicGuid(string text) => new(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
