using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Contact letters (联系函) of one or more cases, one A4 page each, to print in one batch.</summary>
public sealed class LettersModel : WorkbenchPage
{
    /// <summary>The most letters one batch prints (a page per letter; more is a job for the city system).</summary>
    public const int MaxBatch = 50;

    public IReadOnlyList<TransferDto> Letters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid[] ids)
    {
        var letters = new List<TransferDto>();
        foreach (var id in ids.Distinct().Take(MaxBatch))
        {
            var (transfer, stop) = await CallAsync(api => api.GetTransferAsync(id));
            if (stop is not null)
            {
                return stop;
            }

            if (transfer is not null)
            {
                letters.Add(transfer);
            }
        }

        Letters = letters;
        return Page();
    }
}
