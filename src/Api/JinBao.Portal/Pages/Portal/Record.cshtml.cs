using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>My record across regions: segments, months per year with gaps, balances, drawing place and a pension estimate.</summary>
public sealed class RecordModel : PortalPage
{
    public PersonDto? Person { get; private set; }

    public PensionEstimateDto? Estimate { get; private set; }

    public CertificateDto? Certificate { get; private set; }

    /// <summary>The months recorded, by city and year, for the gap grid.</summary>
    public ILookup<(string City, int Year), int> Months { get; private set; } = Enumerable.Empty<int>().ToLookup(_ => (City: "", Year: 0));

    public async Task<IActionResult> OnGetAsync()
    {
        var (person, stop) = await CallAsync(api => api.GetPersonAsync(Me, L.T("本人查询", "Own record")));
        if (stop is not null || person is null)
        {
            return stop ?? Page();
        }

        Person = person;
        Months = person.Segments.SelectMany(s => s.Months)
            .Select(m => (m.City, Year: int.Parse(m.Month[..4], System.Globalization.CultureInfo.InvariantCulture), Month: int.Parse(m.Month[5..], System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToLookup(m => (m.City, m.Year), m => m.Month);
        if (person.Segments.Any(s => s.Months.Count > 0))
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
