using System.Globalization;


namespace JinBao.Demo;

/// <summary>
/// The demo, through the public REST APIs only: enrols persons with a contribution history, then a stream of
/// further months, cross-city transfers (Guangzhou → Shenzhen), cross-province ones (Shenzhen → Chengdu, journey 1) and
/// off-site medical settlements (a Shenzhen insured treated in Chengdu, journey 3).
/// Every loop is bounded by <see cref="DemoOptions.Persons"/>; Ctrl+C cancels it between requests.
/// </summary>
public sealed class DemoRunner(DemoOptions options, IReadOnlyList<DemoCity> cities, DemoLog log)
{
    public const string Guangzhou = "440100";
    public const string Shenzhen = "440300";
    public const string Chengdu = "510100";

    /// <summary>Printed once, with the URL and a curl command; the test waits for it.</summary>
    public const string FirstCrossProvinceMarker = "First cross-province transfer completed";
    public const string FirstCrossCityMarker = "First cross-city transfer completed";
    public const string FirstSettlementMarker = "First cross-province medical settlement";
    public const string FinishedMarker = "Demo finished";

    private const int BatchSize = 50;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    private readonly DemoStats _stats = new();
    private readonly SyntheticPeople _people = new(new Random());
    private readonly Dictionary<string, DemoCity> _byCode = cities.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var progress = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var printer = PrintProgressAsync(progress.Token);
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // China Standard Time, the API's calendar
            var lastMonth = checked((today.Year * 12) + today.Month - 2); // the last complete month: no future declarations
            var persons = Enrol(lastMonth);
            log.Write("demo", $"Enrolling {persons.Count} persons, {BatchSize} at a time: each with a contribution history, then more months and, for one in {options.TransferEvery}, a transfer ({options.Concurrency} requests at a time).", error: false);
            var driver = new TransferDriver(_byCode, _stats, PrintFirstCompleted);
            var medical = _byCode.TryGetValue(Chengdu, out var chengdu) ? new MedicalDriver(chengdu, _stats, PrintFirstSettled) : null;

            // In batches, so that transfers start within seconds instead of after every history is written.
            foreach (var batch in persons.Chunk(BatchSize))
            {
                await ForEachAsync(batch, (person, token) => EnrolWithHistoryAsync(person, lastMonth, token), stopping);
                await ForEachAsync(batch, (person, token) => StreamAsync(person, driver, lastMonth, today, token), stopping);
                if (medical is not null)
                {
                    await ForEachAsync(batch.Where(p => p.TreatedInChengdu && p.Enrolled).ToArray(), (person, token) => medical.RunAsync(person, today, token), stopping);
                }
            }

            log.Write("demo", $"{FinishedMarker}: {_stats.Line()}", error: false);
            log.Write("demo", "Everything stays up; press Ctrl+C to stop it all.", error: false);
        }
        finally
        {
            await progress.CancelAsync();
            await printer;
        }
    }

    // Who lives where: round-robin over the cities; one Guangzhou person in TransferEvery moves to Shenzhen, one
    // Shenzhen person in TransferEvery (hukou Chengdu) goes home to Chengdu. 6–24 months each, up to last month: half as
    // the history written at enrolment, the rest as the monthly stream.
    private List<DemoPerson> Enrol(int lastMonth)
    {
        var random = new Random();
        var moving = new Dictionary<string, int>(StringComparer.Ordinal);
        var persons = new List<DemoPerson>(options.Persons);
        for (var i = 0; i < options.Persons; i++)
        {
            var city = cities[i % cities.Count];
            var count = moving[city.Code] = moving.GetValueOrDefault(city.Code) + 1;
            TransferKind? moves = (count - 1) % options.TransferEvery != 0 ? null
                : city.Code == Guangzhou && _byCode.ContainsKey(Shenzhen) ? TransferKind.CrossCity
                : city.Code == Shenzhen && _byCode.ContainsKey(Chengdu) ? TransferKind.CrossProvince
                : null;
            var hukou = moves == TransferKind.CrossProvince ? Chengdu : city.Code;
            var months = random.Next(6, 25);
            persons.Add(new DemoPerson(_people.NextCitizenId(hukou[..4] + "01"), hukou, city, checked(lastMonth - months + 1))
            {
                Name = _people.NextName(),
                Moves = moves,
                TreatedInChengdu = moves is null && city.Code == Shenzhen && (count - 1) % options.TransferEvery == 2,
            });
        }

        return persons;
    }

    private async Task EnrolWithHistoryAsync(DemoPerson person, int lastMonth, CancellationToken cancellationToken)
    {
        _stats.Request();
        var enrolled = await person.City.System.PostAsync("/api/v1/persons", new
        {
            citizenId = person.CitizenId,
            hukouRegion = person.Hukou,
            insuringCity = person.City.Code,
            enrolledOn = DemoPerson.FirstDay(person.FirstMonth).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            name = person.Name,
        }, cancellationToken);
        if (!enrolled.Ok)
        {
            _stats.Error("enrol " + enrolled.Problem);
            return;
        }

        person.Enrolled = true;
        _stats.Enrolled();
        var history = (lastMonth - person.FirstMonth + 1) / 2;
        await DeclareUntilAsync(person, person.FirstMonth + history - 1, cancellationToken);
    }

    // The rest of the months up to last month, then the move if this person moves.
    private async Task StreamAsync(DemoPerson person, TransferDriver driver, int lastMonth, DateOnly today, CancellationToken cancellationToken)
    {
        if (!person.Enrolled)
        {
            return;
        }

        await DeclareUntilAsync(person, lastMonth, cancellationToken);
        var from = person.City;
        switch (person.Moves)
        {
            case TransferKind.CrossCity when await EnrolAtAsync(person, _byCode[Shenzhen], today, cancellationToken):
                await driver.RunAsync(person, from, _byCode[Shenzhen], TransferKind.CrossCity, cancellationToken);
                break;
            case TransferKind.CrossProvince when await StopContributingAsync(person, lastMonth, cancellationToken)
                && await EnrolAtAsync(person, _byCode[Chengdu], today, cancellationToken):
                await driver.RunAsync(person, from, _byCode[Chengdu], TransferKind.CrossProvince, cancellationToken);
                break;
        }
    }

    private async Task DeclareUntilAsync(DemoPerson person, int untilMonth, CancellationToken cancellationToken)
    {
        var baseFen = _people.NextBaseFen();
        for (; person.NextMonth <= untilMonth; person.NextMonth++)
        {
            _stats.Request();
            var declared = await person.City.System.PostAsync($"/api/v1/persons/{person.CitizenId}/contributions",
                new { month = DemoPerson.Month(person.NextMonth), declaredBaseFen = baseFen }, cancellationToken);
            if (declared.Ok)
            {
                _stats.Contributed();
            }
            else
            {
                _stats.Error("declare " + declared.Problem);
            }
        }
    }

    private async Task<bool> EnrolAtAsync(DemoPerson person, DemoCity city, DateOnly today, CancellationToken cancellationToken)
    {
        _stats.Request();
        var enrolled = await city.System.PostAsync("/api/v1/persons", new
        {
            citizenId = person.CitizenId,
            hukouRegion = person.Hukou,
            insuringCity = city.Code,
            enrolledOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, cancellationToken);
        if (!enrolled.Ok)
        {
            _stats.Error($"enrol-in-{city.Code} {enrolled.Problem}");
            return false;
        }

        person.City = city;
        return true;
    }

    // 停保: the Guangdong employer reports the person left, which releases Guangdong's active claim at the national
    // index so that Chengdu may enrol them.
    private async Task<bool> StopContributingAsync(DemoPerson person, int lastMonth, CancellationToken cancellationToken)
    {
        _stats.Request();
        var lastDay = DemoPerson.FirstDay(lastMonth + 1).AddDays(-1);
        var stopped = await person.City.System.PostAsync($"/api/v1/persons/{person.CitizenId}/stop-contributing",
            new { stoppedOn = lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken);
        if (!stopped.Ok)
        {
            _stats.Error("stop " + stopped.Problem);
        }

        return stopped.Ok;
    }

    private async Task ForEachAsync(DemoPerson[] persons, Func<DemoPerson, CancellationToken, Task> work, CancellationToken stopping) =>
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stopping },
            async (person, token) => await work(person, token));

    // Printed for the first of each kind: the cross-city one usually completes first, and shows the same thing.
    private void PrintFirstCompleted(TransferKind kind, DemoCity city, string transferId) =>
        _ = PrintHowToSeeAsync(city, $"/api/v1/pension-transfers/{transferId}", kind == TransferKind.CrossProvince ? FirstCrossProvinceMarker : FirstCrossCityMarker);

    private void PrintFirstSettled(DemoCity city, string settlementId) =>
        _ = PrintHowToSeeAsync(city, $"/api/v1/medical/settlements/{settlementId}", FirstSettlementMarker);

    private async Task PrintHowToSeeAsync(DemoCity city, string path, string marker)
    {
        var url = $"{city.System.BaseUrl}{path}";
        var token = await city.System.TokenAsync(CancellationToken.None); // fetched long before: no request here
        log.Write("demo", $"{marker}: {path[(path.LastIndexOf('/') + 1)..]}, seen by {city.Code} at GET {url}", error: false);
        log.Write("demo", $"  curl -s -H 'Authorization: Bearer {token}' {url}", error: false);
    }

    private async Task PrintProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                log.Write("demo", _stats.Line(), error: false);
            }
        }
        catch (OperationCanceledException)
        {
            // The demo finished or Ctrl+C.
        }
    }
}
