using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Checks a printed document (a certificate handed in at the counter) by its number and verification code.</summary>
public sealed class DocumentsModel : WorkbenchPage
{
    public DocumentCheckDto? Checked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? number, string? code)
    {
        var (found, stop) = await CallAsync(api => api.CheckDocumentAsync(number?.Trim() ?? "", code?.Trim() ?? ""));
        Checked = found;
        return stop ?? Page();
    }
}
