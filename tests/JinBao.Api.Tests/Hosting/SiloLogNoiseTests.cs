using JinBao.Api.Tests.Infrastructure;
using JinBao.Grains.Hosting;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Hosting;

/// <summary>
/// What a newcomer reads in a silo's log at start and on first use must be news: no watchdog "deadlock" warning whose
/// figure is the machine's uptime (an Orleans start-up race, see SiloFalseAlarms), no Polly line per grain placement.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SiloLogNoiseTests(ApiFixture fixture)
{
    [Fact]
    public async Task SiloStartAndFirstPlacements_LogNoFalseWatchdogStallAndNoPollyInformation()
    {
        // Placements happen on first calls to new grains.
        var guangzhou = await fixture.CitySystemAsync(Guangzhou);
        await (await guangzhou.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Guangzhou, enrolledOn = "2020-01-01" })).ExpectAsync(201);

        var lines = fixture.SiloLogs.Entries.ToList();
        Assert.Contains(lines, line => line.StartsWith("Information ", StringComparison.Ordinal)); // the capture sees Information
        Assert.DoesNotContain(lines, line => line.Contains("Participant check thread has not completed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("Information Polly", StringComparison.Ordinal));
    }
}
