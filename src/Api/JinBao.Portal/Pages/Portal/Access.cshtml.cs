using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>Who looked at my data (PIPL's right to know): every access to my record, from the API's audit trail.</summary>
public sealed class AccessModel : PortalPage
{
    public IReadOnlyList<AccessDto> Entries { get; private set; } = [];

    /// <summary>Whether the person's own reads are listed too; by default only others' are, which is what the right to know is about.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    public int OwnReads { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (entries, stop) = await CallAsync(api => api.GetAccessLogAsync(Me, L.T("本人查询访问记录", "Own access log")));
        OwnReads = entries?.Count(e => e.CallerKind == "person") ?? 0;
        Entries = (entries ?? []).Where(e => Mine || e.CallerKind != "person").ToList();
        return stop ?? Page();
    }

    /// <summary>Who, in words a person reads: themselves, an agency's clerk or supervisor, or a city's system.</summary>
    public string Who(AccessDto entry) => entry.CallerKind switch
    {
        "person" => L.T("本人", "You"),
        "city-system" => L.T($"{L.City(entry.CallerRegion)} 业务系统", $"{L.City(entry.CallerRegion)} city system"),
        "supervisor" => L.T($"{L.City(entry.CallerRegion)} 经办机构（科长）", $"{L.City(entry.CallerRegion)} agency (supervisor)"),
        _ => L.T($"{L.City(entry.CallerRegion)} 经办机构（经办员）", $"{L.City(entry.CallerRegion)} agency (clerk)"),
    };
}
