using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>The clerk's own account: change the password.</summary>
public sealed class AccountModel : WorkbenchPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? repeatPassword)
    {
        if (newPassword != repeatPassword)
        {
            Problem = L.T("两次输入的新密码不一致。", "The two new passwords differ.");
            return Page();
        }

        var (_, stop) = await CallAsync(async api =>
        {
            await api.ChangePasswordAsync(currentPassword ?? "", newPassword ?? "");
            return true;
        });
        if (stop is null && Problem is null)
        {
            Notice = L.T("密码已修改。", "Password changed.");
            return RedirectToPage();
        }

        return stop ?? Page();
    }
}
