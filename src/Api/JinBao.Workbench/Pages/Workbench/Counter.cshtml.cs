using System.Globalization;

using JinBao.Primitives;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>
/// Counter service (窗口经办): what a person asks for in person — enrolment, a month's contribution, a transfer
/// application — done by the clerk for the agency, through the same API routes a city system uses, audited as the clerk.
/// </summary>
public sealed class CounterModel(TimeProvider clock) : WorkbenchPage
{
    public DateOnly Today => clock.Today();

    /// <summary>The transfer just applied for, to link to.</summary>
    [TempData]
    public Guid? AppliedTransfer { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostEnrolAsync(string key, string? citizenId, string? name, string? hukouRegion, DateOnly? enrolledOn)
    {
        var (person, stop) = await CallAsync(api => api.EnrolAsync(key, new
        {
            citizenId = citizenId?.Trim(),
            name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            hukouRegion = hukouRegion?.Trim(),
            enrolledOn,
        }));
        return stop ?? Done(person is null ? null : L.T($"已参保登记：{CitizenId.Parse(person.CitizenId).Masked}，参保地 {L.City(person.InsuringCity)}。",
            $"Enrolled {CitizenId.Parse(person.CitizenId).Masked} in {L.City(person.InsuringCity)}."));
    }

    public async Task<IActionResult> OnPostDeclareAsync(string key, string? citizenId, string? month, decimal? baseYuan)
    {
        var fen = baseYuan is { } yuan ? (long)decimal.Round(yuan * 100m, 0, MidpointRounding.AwayFromZero) : (long?)null;
        var (declared, stop) = await CallAsync(api => api.DeclareAsync(citizenId?.Trim() ?? "", key, new { month = month?.Trim(), declaredBaseFen = fen }));
        return stop ?? Done(Problem is null ? L.T($"已申报 {month} 月缴费。", $"Contribution for {month} recorded.") : null);
    }

    public async Task<IActionResult> OnPostApplyAsync(string key, string? citizenId, string? fromCity)
    {
        var (transfer, stop) = await CallAsync(api => api.ApplyForTransferAsync(key, new { citizenId = citizenId?.Trim(), fromCity = fromCity?.Trim() }));
        if (stop is not null)
        {
            return stop;
        }

        if (transfer is not null)
        {
            AppliedTransfer = transfer.Id;
        }

        return Done(transfer is null ? null : L.T($"已受理转移申请，案件 {transfer.Id.ToString()[..8]}，状态：{L.Status(transfer.Status)}。",
            $"Transfer application accepted: case {transfer.Id.ToString()[..8]}, {L.Status(transfer.Status)}."));
    }

    public async Task<IActionResult> OnPostFileAsync(string key, string? citizenId, string? type, string? careCity, DateOnly? validFrom, DateOnly? validUntil)
    {
        var (filing, stop) = await CallAsync(api => api.FileForCareAsync(citizenId?.Trim() ?? "", key, new { type, careCity = careCity?.Trim(), validFrom, validUntil }));
        return stop ?? Done(Problem is null ? L.T($"已办理异地就医备案：就医地 {L.City(careCity?.Trim())}，自 {validFrom:yyyy-MM-dd} 起。", $"Filed for care in {L.City(careCity?.Trim())} from {validFrom:yyyy-MM-dd}.") : null);
    }

    private IActionResult Done(string? notice)
    {
        if (Problem is not null || notice is null)
        {
            return Page(); // the form keeps what was typed (the script restores it), with the API's reason on top
        }

        Notice = notice;
        return RedirectToPage();
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
