using JinBao.Primitives;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Finds a person by citizen id; the record itself opens only with a stated reason (see <see cref="PersonModel"/>).</summary>
public sealed class PersonsModel : WorkbenchPage
{
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
}
