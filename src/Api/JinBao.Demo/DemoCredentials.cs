using System.Diagnostics;


namespace JinBao.Demo;

/// <summary>A city system's OAuth client and one clerk login of the same city, made for this demo run.</summary>
public sealed record CityCredentials(string City, string ClientId, string ClientSecret, string ClerkLogin, string ClerkPassword);

/// <summary>
/// Makes credentials the way an operator does: the API's own admin commands (<c>create-city-credential</c>,
/// <c>create-clerk</c>), run as <c>dotnet JinBao.Api.dll</c> against the cluster's database. The AppHost never writes
/// a credential itself, so the demo uses exactly the hashing and storage the API checks.
/// </summary>
public static class DemoCredentials
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A city-system credential and a clerk for every city of every province, each as a logged-in client.</summary>
    public static async Task<IReadOnlyList<DemoCity>> CreateCitiesAsync(DemoSettings settings, HttpClient http, DemoLog log, CancellationToken cancellationToken)
    {
        log.Write("demo", $"Creating a city-system credential and a clerk for each of {settings.Provinces.Sum(p => p.Cities.Count)} cities (the API's admin commands).", error: false);
        var clerkUser = "demo-" + Guid.NewGuid().ToString("N")[..6];

        // The cities' commands run side by side: each is a short process that mostly waits for its runtime to start.
        return await Task.WhenAll(settings.Provinces.SelectMany(province => province.Cities.Select(async city =>
        {
            var credentials = await CreateAsync(settings.ApiAssembly, province.Cluster, province.ConnectionString, city, clerkUser, cancellationToken);
            var system = new DemoApi(http, province.Url, new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credentials.ClientId,
                ["client_secret"] = credentials.ClientSecret,
            });
            var clerk = new DemoApi(http, province.Url, new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = credentials.ClerkLogin,
                ["password"] = credentials.ClerkPassword,
            });

            // Demo secrets of a loopback-only run, printed so a developer can call the API with them (journey 6).
            log.Write("demo", $"{city} at {province.Url}: city system client_id={credentials.ClientId} client_secret={credentials.ClientSecret}; clerk {credentials.ClerkLogin} password={credentials.ClerkPassword}", error: false);
            return new DemoCity(city, province.Cluster, system, clerk);
        })));
    }

    public static async Task<CityCredentials> CreateAsync(string apiAssembly, string cluster, string connectionString, string city, string clerkUser, CancellationToken cancellationToken)
    {
        var client = await RunAsync(apiAssembly, cluster, connectionString, ["create-city-credential", "--city", city], cancellationToken);
        var clerk = await RunAsync(apiAssembly, cluster, connectionString, ["create-clerk", "--city", city, "--user", clerkUser, "--role", "clerk"], cancellationToken);
        return new CityCredentials(city, client["client_id"], client["client_secret"], clerk["username"], clerk["password"]);
    }

    // The command prints key=value lines once; anything else it prints is its explanation.
    private static async Task<Dictionary<string, string>> RunAsync(string apiAssembly, string cluster, string connectionString, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(apiAssembly)!,
        };
        startInfo.ArgumentList.Add(apiAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ConnectionStrings__jinbao"] = connectionString;
        startInfo.Environment["JinBao__Api__ClusterId"] = cluster;
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        using var process = Process.Start(startInfo) ?? throw new DemoException($"Could not run {apiAssembly} {arguments[0]}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new DemoException($"JinBao.Api {arguments[0]} --city {arguments[2]} failed with exit code {process.ExitCode}: {(await error).Trim()}");
        }

        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && !parts[0].Contains(' ', StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }
}
