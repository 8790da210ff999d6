using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>
/// A person's record. It asks for the reason first; the reason goes with every read as the API's <c>JinBao-Purpose</c>,
/// so the audit trail holds who read the record and why, and the audit tab shows exactly that trail.
/// </summary>
public sealed class PersonModel(TimeProvider clock) : WorkbenchPage
{
    [BindProperty(SupportsGet = true)]
    public string CitizenId { get; set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    public PersonDto? Person { get; private set; }

    public IReadOnlyList<AccessDto> Accesses { get; private set; } = [];

    public CertificateDto? Certificate { get; private set; }

    /// <summary>Off-site medical filings and settlements; null where this agency is not the insuring one (the API says 403).</summary>
    public MedicalAccountDto? Medical { get; private set; }

    public DateOnly Today => clock.Today();

    public string Masked => Primitives.CitizenId.TryParse(CitizenId, out var id) ? id.Masked : "—";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!HasReason())
        {
            return Page();
        }

        var (person, stop) = await CallAsync(api => api.GetPersonAsync(CitizenId, Reason!));
        if (stop is not null || person is null)
        {
            return stop ?? Page();
        }

        Person = person;
        var (medical, medicalStop) = await CallAsync(api => api.GetMedicalAsync(CitizenId, Reason!));
        Medical = medical;
        Problem = null; // the medical account answers only to the insuring city; the record stands without it
        var (accesses, accessStop) = await CallAsync(api => api.GetAccessLogAsync(CitizenId, Reason!));
        Accesses = accesses ?? [];
        return medicalStop ?? accessStop ?? Page();
    }

    /// <summary>Issues a contribution certificate (参保缴费凭证) and shows it as an A4 page to print.</summary>
    public async Task<IActionResult> OnPostCertificateAsync(string key)
    {
        if (!HasReason())
        {
            return Page();
        }

        var (certificate, stop) = await CallAsync(api => api.IssueCertificateAsync(CitizenId, key, Reason!));
        if (stop is not null)
        {
            return stop;
        }

        Certificate = certificate;
        var (person, _) = await CallAsync(api => api.GetPersonAsync(CitizenId, Reason!));
        Person = person;
        return Page();
    }

    /// <summary>A one-time code for the person's portal sign-in (new, or to reset a forgotten password), shown once.</summary>
    public async Task<IActionResult> OnPostActivationCodeAsync()
    {
        if (!HasReason())
        {
            return Page();
        }

        var (code, stop) = await CallAsync(api => api.IssueActivationCodeAsync(CitizenId, Reason!));
        if (stop is not null)
        {
            return stop;
        }

        ActivationCode = code;
        var (person, _) = await CallAsync(api => api.GetPersonAsync(CitizenId, Reason!));
        Person = person;
        return Page();
    }

    /// <summary>The code just issued, to read out or hand over; never stored in the clear.</summary>
    public ActivationCodeDto? ActivationCode { get; private set; }

    private bool HasReason()
    {
        if (!Primitives.CitizenId.TryParse(CitizenId, out _))
        {
            Problem = L.T("公民身份号码不正确。", "That is not a valid citizen id.");
            return false;
        }

        Reason = Reason?.Trim();
        if (string.IsNullOrEmpty(Reason) || Reason.Length > 200)
        {
            Problem = L.T("请填写查阅事由（1–200 字）。", "State your reason (1–200 characters).");
            return false;
        }

        return true;
    }
}
