using System.Globalization;

namespace JinBao.Demo;

/// <summary>
/// Journey 3 through the public APIs: a Shenzhen insured living in Chengdu is filed there by Shenzhen's system, and a
/// Chengdu hospital settles a bill through Sichuan's API, answered by Guangdong over the national exchange.
/// </summary>
public sealed class MedicalDriver(DemoCity chengdu, DemoStats stats, Action<DemoCity, string> onFirstSettled)
{
    public async Task RunAsync(DemoPerson person, DateOnly today, CancellationToken cancellationToken)
    {
        stats.Request();
        var filed = await person.City.System.PostAsync($"/api/v1/persons/{person.CitizenId}/medical/filings", new
        {
            type = "long-term",
            careCity = chengdu.Code,
            validFrom = new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, cancellationToken);
        if (!filed.Ok)
        {
            stats.Error("file " + filed.Problem);
            return;
        }

        var settlementId = $"DEMO-{Guid.NewGuid():N}";
        stats.Request();
        var settled = await chengdu.System.PostAsync("/api/v1/medical/settlements", new
        {
            settlementId,
            citizenId = person.CitizenId,
            admittedOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            lines = new[]
            {
                new { itemCode = "S91-CLASSB", quantity = 1, unitPriceFen = 1_000_000L },
                new { itemCode = "S90-INSCOPE", quantity = 1, unitPriceFen = 3_700_000L },
            },
        }, cancellationToken);
        if (!settled.Ok)
        {
            stats.Error("settle " + settled.Problem);
            return;
        }

        if (stats.Settled())
        {
            onFirstSettled(chengdu, settlementId);
        }
    }
}
