using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using JinBao.Api.Tests.Infrastructure;

namespace JinBao.Api.Tests.Hosting;

/// <summary>The API as the AppHost runs it: its own process, configured by environment variables only.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiProcessTests(ApiFixture fixture)
{
    [Fact]
    public async Task StartedBeforeItsCluster_IsLiveButNotReady_AndSaysWhy()
    {
        // A database no silo has migrated yet, and no silo: the API must still start and answer /health/live.
        var database = await fixture.Postgres.CreateEmptyDatabaseAsync("api_early");
        var port = FreePort();
        using var api = Start(["--urls", $"http://127.0.0.1:{port}"], database);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            var live = await Retry.UntilSucceedsAsync(async () => (await http.GetAsync("/health/live")).EnsureSuccessStatusCode(), TimeSpan.FromSeconds(40));
            using var ready = await http.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("0004_api.sql", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task AdminCommand_AsProcess_PrintsTheSecretOnce()
    {
        using var command = Start(["create-city-credential", "--city", "440300"], fixture.ConnectionString);
        var output = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();

        Assert.Equal(0, command.ExitCode);
        Assert.Contains("client_id=cs-440300-", output, StringComparison.Ordinal);
        Assert.Contains("client_secret=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCommand_BeforeMigration_ExplainsWhatToDo()
    {
        var database = await fixture.Postgres.CreateEmptyDatabaseAsync("api_unmigrated");
        using var command = Start(["create-clerk", "--city", "440300", "--user", "wang", "--role", "supervisor"], database);
        var error = await command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync();

        Assert.Equal(1, command.ExitCode);
        Assert.Contains("0004_api.sql", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsBothCommands_AndExitsZero()
    {
        var (exitCode, output, error) = await RunAsync(["--help"], fixture.ConnectionString);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("create-city-credential", output, StringComparison.Ordinal);
        Assert.Contains("create-clerk", output, StringComparison.Ordinal);
        Assert.Contains("--urls", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedCommand_SaysSoWithUsage_Exits2WithoutStackTrace()
    {
        var (exitCode, _, error) = await RunAsync(["create-city-credentail", "--city", "440300"], fixture.ConnectionString);

        Assert.True(exitCode == 2, $"exit {exitCode}: {error}");
        Assert.Contains("'create-city-credentail'", error, StringComparison.Ordinal);
        Assert.Contains("create-city-credential", error.Replace("'create-city-credentail'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Theory]
    [InlineData("create-clerk --city 440300 --role clerk")]             // --user missing
    [InlineData("create-clerk --city 440300 --user wang --role boss")]  // not a role
    [InlineData("create-city-credential --city 440000")]                // a province
    [InlineData("create-city-credential --cty 440300")]                 // a mistyped option
    public async Task AdminCommand_MissingOrInvalidOption_Exits2WithUsage(string commandLine)
    {
        var arguments = commandLine.Split(' ');
        var (exitCode, _, error) = await RunAsync(arguments, fixture.ConnectionString);

        Assert.True(exitCode == 2, $"exit {exitCode}: {error}");
        Assert.Contains($"JinBao.Api {arguments[0]} [options]", error, StringComparison.Ordinal); // the command's usage
        AssertNoStackTrace(error);
    }

    [Theory]
    [InlineData("create-city-credential --city 510100")]
    [InlineData("create-clerk --city 510100 --user wang --role clerk")]
    public async Task AdminCommand_CityOfAnotherProvince_IsRefusedNamingTheClustersProvince(string commandLine)
    {
        var arguments = commandLine.Split(' ');
        var credentials = await fixture.CountAsync("SELECT count(*) FROM jinbao_api_city_credentials") + await fixture.CountAsync("SELECT count(*) FROM jinbao_api_clerks");

        var (exitCode, output, error) = await RunAsync(arguments, fixture.ConnectionString); // JinBao__Api__ClusterId=prov-440000

        Assert.True(exitCode == 2, $"exit {exitCode}: {output} {error}");
        Assert.Contains("510100 (Chengdu) is in province 510000 (Sichuan)", error, StringComparison.Ordinal);
        Assert.Contains("prov-440000, which serves only the cities of province 440000 (Guangdong)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret=", output, StringComparison.Ordinal);
        Assert.DoesNotContain("password=", output, StringComparison.Ordinal);
        Assert.Equal(credentials, await fixture.CountAsync("SELECT count(*) FROM jinbao_api_city_credentials") + await fixture.CountAsync("SELECT count(*) FROM jinbao_api_clerks"));
    }

    [Fact]
    public async Task AdminCommand_WithoutClusterSetting_TakesTheClusterItsSilosRecorded()
    {
        // A database whose silos joined cluster prov-440000 (Orleans' membership version row), and no JinBao__Api__ClusterId.
        var guangdong = await fixture.Postgres.CreateDatabaseAsync("api_admin_gd");
        await Sql.ExecuteAsync(guangdong, "INSERT INTO orleans_membership_version (deploymentid) VALUES ('prov-440000')");
        var national = await fixture.Postgres.CreateDatabaseAsync("api_admin_nat");
        await Sql.ExecuteAsync(national, "INSERT INTO orleans_membership_version (deploymentid) VALUES ('national')");
        var standalone = await fixture.Postgres.CreateDatabaseAsync("api_admin_dev");
        await Sql.ExecuteAsync(standalone, "INSERT INTO orleans_membership_version (deploymentid) VALUES ('dev')");
        var unknown = await fixture.Postgres.CreateDatabaseAsync("api_admin_new");

        var chengduOnGuangdong = await RunAsync(["create-city-credential", "--city", "510100"], guangdong, clusterId: null);
        var shenzhenOnGuangdong = await RunAsync(["create-city-credential", "--city", "440300"], guangdong, clusterId: null);
        var shenzhenOnNational = await RunAsync(["create-clerk", "--city", "440300", "--user", "wang"], national, clusterId: null);
        var chengduOnStandalone = await RunAsync(["create-city-credential", "--city", "510100"], standalone, clusterId: null);
        var shenzhenOnUnknown = await RunAsync(["create-city-credential", "--city", "440300"], unknown, clusterId: null);

        Assert.True(chengduOnGuangdong.ExitCode == 2, chengduOnGuangdong.Error);
        Assert.Contains("cluster prov-440000", chengduOnGuangdong.Error, StringComparison.Ordinal);
        Assert.True(shenzhenOnGuangdong.ExitCode == 0, shenzhenOnGuangdong.Error);
        Assert.Contains("client_id=cs-440300-", shenzhenOnGuangdong.Output, StringComparison.Ordinal);
        Assert.True(shenzhenOnNational.ExitCode == 2, shenzhenOnNational.Error);
        Assert.Contains("national cluster", shenzhenOnNational.Error, StringComparison.Ordinal);
        Assert.True(chengduOnStandalone.ExitCode == 0, chengduOnStandalone.Error);
        Assert.True(shenzhenOnUnknown.ExitCode == 2, shenzhenOnUnknown.Error);
        Assert.Contains("JinBao__Api__ClusterId", shenzhenOnUnknown.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(national, "SELECT count(*) FROM jinbao_api_clerks"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(unknown, "SELECT count(*) FROM jinbao_api_city_credentials"));
        Assert.Equal(["440300"], await Sql.StringsAsync(guangdong, "SELECT city FROM jinbao_api_city_credentials"));
    }

    private static void AssertNoStackTrace(string error)
    {
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    // Runs the API to its end; one that is still running after a minute (it started the web host) fails the test.
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> arguments, string connectionString, string? clusterId = "prov-440000")
    {
        using var process = Start(arguments, connectionString, clusterId);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"Still running after 60 s (it started the web host?): {await output} {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static Process Start(IEnumerable<string> arguments, string connectionString, string? clusterId = "prov-440000")
    {
        var directory = AppContext.BaseDirectory; // the API's build output is copied beside the tests
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "JinBao.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__jinbao"] = connectionString;
        start.Environment.Remove("JinBao__Api__ClusterId");
        if (clusterId is not null)
        {
            start.Environment["JinBao__Api__ClusterId"] = clusterId;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
