using JinBao.Primitives;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Finds a person by citizen id; the record itself opens only with a stated reason (see <see cref="PersonModel"/>).</summary>
public sealed class PersonsModel : WorkbenchPage
{
    /// <summary>The agency's persons whose name starts with what the clerk typed (each one found is audited by the API).</summary>
    public IReadOnlyList<Backend.AgencyPersonDto>? Found { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost(string? citizenId)
    {
        if (!CitizenId.TryParse(citizenId?.Trim(), out var id))
        {
            Problem = L.T("公民身份号码格式或校验位不正确。", "That is not a valid citizen id (format or check digit).");
            return Page();
        }

        return RedirectToPage("Person", new { citizenId = id.Value });
    }

    public async Task<IActionResult> OnPostNameAsync(string? name, string? reason)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(reason))
        {
            Problem = L.T("按姓名查询须填写姓名（开头部分即可）和查询事由。", "A name search needs the name (its start is enough) and your reason.");
            return Page();
        }

        var (found, stop) = await CallAsync(api => api.FindPersonsAsync(Session.City.Value, name.Trim(), reason.Trim()));
        Found = found;
        return stop ?? Page();
    }
}
