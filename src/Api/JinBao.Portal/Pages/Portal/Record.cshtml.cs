using JinBao.Portal.Hosting;
using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace JinBao.Portal.Pages.Portal;

/// <summary>My record across regions: segments, months per year with gaps, balances, drawing place and a pension estimate.</summary>
public sealed class RecordModel(IOptions<PortalOptions> options) : PortalPage
{
    /// <summary>
    /// Where the person's relationship went when it left this province for good (its latest segment transferred out to
    /// another province): that province keeps the record from then on. Its portal's address when it is configured.
    /// </summary>
    public (string City, string? Portal)? MovedTo { get; private set; }

    public PersonDto? Person { get; private set; }

    public PensionEstimateDto? Estimate { get; private set; }

    public CertificateDto? Certificate { get; private set; }

    /// <summary>
    /// The months recorded, by the city that was paid for each (a transfer brings the old place's months into the new
    /// place's segment, each with its own city), then by year with the year's average base: where, when and on what
    /// base, gaps included.
    /// </summary>
    public IReadOnlyList<(string City, IReadOnlyList<PaidYear> Years)> MonthsByPlace { get; private set; } = [];

    /// <summary>One year of one place: the months paid and their average contribution base.</summary>
    public sealed record PaidYear(int Year, IReadOnlySet<int> Months, long AverageBaseFen);

    public async Task<IActionResult> OnGetAsync()
    {
        var (person, stop) = await CallAsync(api => api.GetPersonAsync(Me, L.T("本人查询", "Own record")));
        if (stop is not null || person is null)
        {
            return stop ?? Page();
        }

        Person = person;
        MonthsByPlace = person.Segments.Where(s => s.Status != "transferred-out").SelectMany(s => s.Months)
            .Select(m => (m.City, Month: YearMonth.Parse(m.Month), m.BaseFen))
            .DistinctBy(m => (m.City, m.Month))
            .GroupBy(m => m.City)
            .OrderBy(city => city.Min(m => m.Month))
            .Select(city => (city.Key, (IReadOnlyList<PaidYear>)city.GroupBy(m => m.Month.Year).OrderBy(y => y.Key)
                .Select(y => new PaidYear(y.Key, y.Select(m => m.Month.Month).ToHashSet(), (long)y.Average(m => m.BaseFen))).ToList()))
            .ToList();
        if (person.Segments.LastOrDefault() is { Status: "transferred-out", TransferredTo: { } moved }
            && RegionCode.TryParse(moved.City, out var city) && city.Province.Value != RegionCode.Parse(person.Segments[^1].City).Province.Value)
        {
            MovedTo = (moved.City, options.Value.Provinces.GetValueOrDefault(city.Province.Value));
        }

        if (person.Segments.Any(s => s.Months.Count > 0 && s.Status != "transferred-out"))
        {
            (Estimate, _) = await CallAsync(api => api.GetPensionEstimateAsync(Me));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCertificateAsync(string key)
    {
        var (certificate, stop) = await CallAsync(api => api.IssueCertificateAsync(Me, key, L.T("本人下载参保缴费凭证", "Own contribution certificate")));
        if (stop is not null)
        {
            return stop;
        }

        Certificate = certificate;
        return Page();
    }
}
