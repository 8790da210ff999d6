using System.Globalization;

using JinBao.AppHost.Resources;

namespace JinBao.AppHost.Running;

/// <summary>The table printed once everything is healthy (or when start-up fails): every resource, its state, its URLs.</summary>
public static class ResourceTable
{
    private static readonly TimeSpan ServedCheckTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<string>> RenderAsync(IReadOnlyList<Resource> resources)
    {
        var notServed = await FindNotServedAsync(resources);
        var rows = new List<string[]> { new[] { "RESOURCE", "TYPE", "STATE", "RESTARTS", "DETAILS" } };
        foreach (var resource in resources)
        {
            var restarts = resource.Restarts ? resource.RestartCount.ToString(CultureInfo.InvariantCulture) : "-";
            rows.Add([resource.Name, resource.Kind, resource.State.ToString(), restarts, resource.Description]);
            if (resource.StateDetail is { } detail)
            {
                rows.Add(["", "", "", "", $"{resource.State.ToString().ToLowerInvariant(),-10} {detail}"]);
            }

            foreach (var url in resource.Urls)
            {
                var note = notServed.TryGetValue(url.Url, out var answer) ? $"  (not served yet: {answer})" : "";
                rows.Add(["", "", "", "", $"{url.Label,-10} {url.Url}{note}"]);
            }
        }

        const int Padded = 4; // every column but the last, DETAILS
        var widths = Enumerable.Range(0, Padded).Select(column => rows.Max(row => row[column].Length)).ToArray();
        return [.. rows.Select(row => "  " + string.Join("  ", row.Take(Padded).Select((cell, column) => cell.PadRight(widths[column])).Append(row[Padded])).TrimEnd())];
    }

    // An API that predates its OpenAPI page still starts; the table says so rather than print a dead link silently.
    private static async Task<Dictionary<string, string>> FindNotServedAsync(IReadOnlyList<Resource> resources)
    {
        using var timeout = new CancellationTokenSource(ServedCheckTimeout);
        var checks = resources.Where(r => r.State == ResourceState.Healthy).SelectMany(r => r.Urls).Where(u => u.CheckServed)
            .Select(async url => (url.Url, Answer: await HealthProbe.GetAsync(url.Url, timeout.Token)))
            .ToList();
        try
        {
            var answers = await Task.WhenAll(checks);
            return answers.Where(a => !a.Answer.Ok).ToDictionary(a => a.Url, a => a.Answer.Answer, StringComparer.Ordinal);
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }
}
