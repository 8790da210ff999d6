using System.Diagnostics;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// The API's admin commands as an operator runs them after the AppHost started: the environment of
/// <c>.jinbao/env/&lt;cluster&gt;.env</c> and <c>dotnet JinBao.Api.dll &lt;command&gt;</c>. Returns the key=value lines it printed.
/// </summary>
public static class AdminCommand
{
    public static async Task<Dictionary<string, string>> RunAsync(string dataFolder, string clusterId, params string[] arguments)
    {
        var api = typeof(AdminCommand).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "JinBao.Api").Value!;
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(api)! };
        foreach (var argument in (string[])[api, .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ConnectionStrings__jinbao"] = ClusterDatabase.ConnectionString(dataFolder, clusterId);
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && !parts[0].Contains(' ', StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }
}
