using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using JinBao.AppHost.Tests.Infrastructure;

namespace JinBao.AppHost.Tests;

/// <summary>
/// The developer's first command, end to end: the real AppHost with its own PostgreSQL, the shipped topology (on
/// free ports), every health URL, a crashed silo restarted, Ctrl+C (SIGINT) stopping everything with exit code 0 and
/// no process left behind, and a second start on the same data.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Run_ShippedTopology_AllHealthyCrashedSiloRestartedSigintStopsEverythingAndDataIsReused()
    {
        using var data = new TempDataFolder();
        var topology = TestTopology.WriteShippedWithFreePorts(data.Folder);
        Assert.NotEmpty(topology.Silos);
        Assert.NotEmpty(topology.Apis);
        Assert.Contains(topology.Silos, silo => silo.Name.StartsWith("silo-national-", StringComparison.Ordinal));

        int firstPort;
        await using (var appHost = AppHostProcess.Start(data.Folder, topology.File))
        {
            await appHost.WaitForLineAsync(IsAllHealthy, StartTimeout, "that all resources are healthy");
            Assert.True(appHost.Printed("First run: initialising"), "a fresh data folder is initialised\n" + appHost.Tail());
            firstPort = PostgresPort(appHost);
            await AssertAllHealthyAsync(topology, appHost);
            AssertExchangeKeysArePrivate(data.Folder);

            // A silo that dies is started again, and answers its health check again.
            var victim = topology.Silos[^1];
            var victimPid = int.Parse(StartedPid(victim.Name).Match(
                await appHost.WaitForLineAsync(StartedPid(victim.Name).IsMatch, StartTimeout, $"{victim.Name}'s pid")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(AppHostProcess.Kill(victimPid, AppHostProcess.SigKill));
            await appHost.WaitForLineAsync(l => l.Contains($"{victim.Name} exited unexpectedly", StringComparison.Ordinal) && l.Contains("restart #1", StringComparison.Ordinal), RestartTimeout, $"that {victim.Name} is restarted");
            await appHost.WaitForLineAsync(l => l.Contains($"{victim.Name} is healthy again", StringComparison.Ordinal), RestartTimeout, $"that {victim.Name} is healthy again");
            await AssertAnswers200Async($"http://127.0.0.1:{victim.HttpPort}/health", appHost);

            await StopWithSigintAsync(appHost, data.Folder);
        }

        // The second start finds the data folder initialised: no initdb, the same port, the databases already migrated.
        await using (var appHost = AppHostProcess.Start(data.Folder, topology.File))
        {
            await appHost.WaitForLineAsync(IsAllHealthy, StartTimeout, "that all resources are healthy (second start)");
            Assert.False(appHost.Printed("First run"), "the second start reuses the data folder\n" + appHost.Tail());
            Assert.Equal(firstPort, PostgresPort(appHost));
            Assert.True(appHost.Printed("is up to date: 0 of ") && !appHost.Printed("Applied migration"), "the databases are already migrated\n" + appHost.Tail());
            await AssertAllHealthyAsync(topology, appHost);
            await StopWithSigintAsync(appHost, data.Folder);
        }
    }

    [Fact]
    public async Task Run_PortTaken_FailsNamingThePortBeforeStartingAnything()
    {
        using var data = new TempDataFolder();
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var topology = TestTopology.WriteShippedWithFreePorts(data.Folder, document =>
            document["clusters"]![0]!["silos"]![0]!["httpPort"] = takenPort);

        await using var appHost = AppHostProcess.Start(data.Folder, topology.File);
        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(appHost.Printed($"port {takenPort} ({topology.Silos[0].Name} HTTP) is already in use"), appHost.Tail());
        Assert.False(Directory.Exists(Path.Combine(data.Folder, "pgdata")), "nothing is started when a port is taken");
        Assert.Empty(Leftovers.Find(data.Folder, appHost.ReportedProcessIds));
    }

    // One signing key per cluster, readable by the owner only; the second start reuses them.
    private static void AssertExchangeKeysArePrivate(string dataFolder)
    {
        var keys = Directory.GetFiles(Path.Combine(dataFolder, "keys"), "*.pem").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["national.pem", "prov-440000.pem", "prov-510000.pem"], keys);
        foreach (var key in keys)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataFolder, "keys", key!)));
        }
    }

    private static bool IsAllHealthy(string line) => line.Contains("All resources are healthy", StringComparison.Ordinal);

    private static async Task AssertAllHealthyAsync(TestTopology topology, AppHostProcess appHost)
    {
        foreach (var silo in topology.Silos)
        {
            await AssertAnswers200Async($"http://127.0.0.1:{silo.HttpPort}/health", appHost);
        }

        foreach (var api in topology.Apis)
        {
            await AssertAnswers200Async($"http://127.0.0.1:{api.Port}{api.HealthPath}", appHost);
        }
    }

    private static async Task AssertAnswers200Async(string url, AppHostProcess appHost)
    {
        using var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}\n{appHost.Tail()}");
    }

    private static async Task StopWithSigintAsync(AppHostProcess appHost, string dataFolder)
    {
        var reported = appHost.ReportedProcessIds;
        Assert.NotEmpty(reported);
        appHost.Signal(AppHostProcess.SigInt);
        var exitCode = await appHost.WaitForExitAsync(StopTimeout);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{appHost.Tail()}");
        Assert.True(appHost.Printed("SIGINT received"), appHost.Tail());
        Assert.True(appHost.Printed("Everything the AppHost started has stopped."), appHost.Tail());

        var leftovers = Leftovers.Find(dataFolder, reported);
        Assert.True(leftovers.Count == 0, "still running after the AppHost exited:\n" + string.Join('\n', leftovers));
    }

    private static int PostgresPort(AppHostProcess appHost)
    {
        var match = appHost.Printed("is listening on 127.0.0.1:")
            ? PostgresListening().Match(appHost.Tail(int.MaxValue))
            : Match.Empty;
        Assert.True(match.Success, "PostgreSQL's port is printed\n" + appHost.Tail());
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Regex StartedPid(string resource) => new($@"\[apphost\] {Regex.Escape(resource)} started \(pid (\d+)\)");

    [GeneratedRegex(@"PostgreSQL \S+ is listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PostgresListening();
}
