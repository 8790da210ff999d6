using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>
/// Contact letters (联系函) of one or more cases, one A4 page each, printed in one batch. Each is issued through the API
/// as a document with a number and a verification code the old place can check; a form's key makes a resubmitted batch
/// replay the same documents instead of issuing new ones.
/// </summary>
public sealed class LettersModel : WorkbenchPage
{
    /// <summary>The most letters one batch prints (a page per letter; more is a job for the city system).</summary>
    public const int MaxBatch = 50;

    public IReadOnlyList<ContactLetterDto> Letters { get; private set; } = [];

    /// <summary>Cases whose letter could not be issued here, with the API's reason.</summary>
    public List<string> Refused { get; } = [];

    public IActionResult OnGet() => RedirectToPage("Queue");

    public async Task<IActionResult> OnPostAsync(Guid[] ids, string key)
    {
        var letters = new List<ContactLetterDto>();
        foreach (var id in ids.Distinct().Take(MaxBatch))
        {
            var (letter, stop) = await CallAsync(api => api.IssueContactLetterAsync(id, $"{key}-{id:N}"[..Math.Min(100, key.Length + 33)]));
            if (stop is not null)
            {
                return stop;
            }

            if (letter is not null)
            {
                letters.Add(letter);
            }
            else if (Problem is not null)
            {
                Refused.Add($"{id.ToString()[..8]}: {Problem}");
                Problem = null;
            }
        }

        Letters = letters;
        return Page();
    }
}
