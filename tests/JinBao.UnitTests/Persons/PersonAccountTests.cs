using JinBao.Errors;
using JinBao.Ledger;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Persons;

/// <summary>The spec's worked examples and boundaries, through the person's account rules.</summary>
public sealed class PersonAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Release_96MonthsAtBase7000_MovesTwelvePercentOfTheBases_Spec3_2()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");
        person.Enrol("440100", new DateOnly(2016, 1, 1));
        person.Declare(new YearMonth(2016, 1), 96, 7000);
        person.Enrol("440300", new DateOnly(2024, 1, 1));

        var certificate = person.Account.Release(new ReleaseForTransfer(TransferId.New(), RegionCode.Parse("440100"), RegionCode.Parse("440300"), new DateOnly(2024, 2, 1), Requester.System));

        Assert.Equal(Money.FromYuan(80640), certificate.PooledFund);                   // 12% × 672,000
        Assert.Equal(Money.FromYuan(96 * 560), certificate.IndividualAccount);         // the whole account (8% × 7,000 a month)
        Assert.Equal(96, certificate.Months.Count);
        Assert.True(certificate.FundsMove);
    }

    [Theory]
    // spec §3.6 examples: hukou Henan, Beijing 11 years then Shanghai 5 → Beijing (an earlier place with ≥ 10 years).
    [InlineData("410000", "110100", 132, "310100", 60, "110000", "earlier-place-has-ten-years")]
    // Hukou Sichuan; Shenzhen 8 years then Hangzhou 12 → Hangzhou (current place with ≥ 10 years).
    [InlineData("510000", "440300", 96, "330100", 144, "330000", "current-has-ten-years")]
    // Hukou Sichuan; Shenzhen 8 years then Hangzhou 6 → Sichuan (everything goes home).
    [InlineData("510000", "440300", 96, "330100", 72, "510000", "hukou-fallback")]
    public void DrawingPlace_SpecExamples(string hukou, string first, int firstMonths, string second, int secondMonths, string expected, string reason)
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1980, 1, 1), 11), hukou);
        person.Enrol(first, new DateOnly(2003, 1, 1));
        person.Declare(new YearMonth(2003, 1), firstMonths, 6000);
        var start = new YearMonth(2003, 1).AddMonths(firstMonths);
        person.Enrol(second, start.FirstDay);
        person.Declare(start, secondMonths, 6000);

        var place = person.Account.DrawingPlace();

        Assert.Equal(expected, place.Province.Value);
        Assert.Equal(reason, place.Reason);
    }

    [Theory]
    [InlineData(49, 11, SegmentKind.Regular)]
    [InlineData(50, 0, SegmentKind.Temporary)]
    public void Enrol_AcrossProvincesIntoANonHukouPlace_TemporaryAccountFromFiftyForMen_Spec3_3(int years, int months, SegmentKind expected)
    {
        var move = new DateOnly(2026, 6, 15);
        var birth = move.AddYears(-years).AddMonths(-months);
        var person = new Person(CitizenId.Create("410105", birth, 15), "410000");
        person.Enrol("330100", new DateOnly(2020, 1, 1));

        person.Enrol("310100", move);

        Assert.Equal(expected, person.State.Segments.Single(s => s.City == RegionCode.Parse("310100")).Kind);
    }

    [Fact]
    public void Enrol_FirstInsuredAwayFromHukouAt55_IsTemporary_ButReturningHomeIsExempt()
    {
        var person = new Person(CitizenId.Create("410105", new DateOnly(1960, 1, 1), 16), "410000");
        person.Enrol("330100", new DateOnly(2015, 1, 1));                                   // spec §3.3 rule 3 (2016 rules)

        person.Enrol("410100", new DateOnly(2019, 1, 1));                                   // back to the hukou province

        Assert.Equal(SegmentKind.Temporary, person.State.Segments.Single(s => s.City == RegionCode.Parse("330100")).Kind);
        Assert.Equal(SegmentKind.Regular, person.State.Segments.Single(s => s.City == RegionCode.Parse("410100")).Kind);
    }

    [Fact]
    public void LiMei_Journey2_DrawsInHenanWithEverythingConsolidated_Spec3_6()
    {
        // Hukou Henan; Zhengzhou 5 years, Hangzhou 9 years (insured there at 39), then Shanghai at 48 (a temporary account).
        var person = new Person(CitizenId.Create("410105", new DateOnly(1974, 6, 10), 24), "410000");
        person.Enrol("410100", new DateOnly(2008, 1, 1));
        person.Declare(new YearMonth(2008, 1), 60, 4000);
        person.Enrol("330100", new DateOnly(2013, 6, 1));
        person.Declare(new YearMonth(2013, 6), 108, 7000);
        person.Enrol("310100", new DateOnly(2022, 6, 1));
        person.Declare(new YearMonth(2022, 6), 53, 9000);
        var total = Money.Sum(person.State.Segments.Select(s => s.IndividualAccountBalance));
        Assert.Equal(SegmentKind.Temporary, person.State.Segments.Single(s => s.City == RegionCode.Parse("310100")).Kind);

        var entitlement = person.Account.Retire(new RetirePerson(new DateOnly(2026, 11, 1), FemaleCadre: false, Requester.System));

        Assert.Equal("410000", entitlement.DrawingPlace.Province.Value);
        Assert.Equal("hukou-fallback", entitlement.DrawingPlace.Reason);
        Assert.Equal(RegionCode.Parse("410100"), entitlement.DrawingCity);
        Assert.Equal(60 + 108 + 53, entitlement.ContributionMonths);
        Assert.Equal(total, entitlement.AccountBalance);                                 // nothing lost in consolidation
        Assert.Equal(entitlement.BasicPension + entitlement.AccountPension, entitlement.MonthlyPension);
        Assert.Equal(new YearMonth(2026, 12), entitlement.FirstPaymentMonth);
        Assert.Equal(PersonStatus.Retired, person.State.Status);
        Assert.All(person.State.Segments.Where(s => s.City != RegionCode.Parse("410100")), s => Assert.Empty(s.Months));
        // Temporary money moves whole (spec §3.2): all employer contributions of the Shanghai months reach Henan's fund.
        var shanghai = person.State.Pending.Movements.Single(m => m.MovementId.Value.EndsWith(":in", StringComparison.Ordinal) && m.Legs.Any(l => l.Account.StartsWith("310000:", StringComparison.Ordinal)));
        Assert.Equal(Money.FromYuan(53 * 9000 * 0.16m), shanghai.Legs.Single(l => l.Account == "410000:pooled-fund").Amount);
    }

    [Fact]
    public void Retire_BelowStatutoryAge_IsRefusedAndChangesNothing()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1970, 1, 1), 33), "440000");
        person.Enrol("440100", new DateOnly(2005, 1, 1));
        person.Declare(new YearMonth(2005, 1), 200, 6000);
        var segments = person.State.Segments.Count;

        var error = Assert.Throws<JinBaoException>(() => person.Account.Retire(new RetirePerson(new DateOnly(2026, 11, 1), false, Requester.System)));

        Assert.Equal("retirement-below-statutory-age", error.Code);
        Assert.Equal(PersonStatus.Active, person.State.Status);
        Assert.Equal(segments, person.State.Segments.Count);
    }

    [Fact]
    public void CreditInterest_ClosedYear_PostsOnceWithTheYearsRate()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 1, 1), 41), "440000");
        person.Enrol("440100", new DateOnly(2023, 1, 1));
        person.Declare(new YearMonth(2023, 1), 12, 10000);                                 // 9,600 credited in 2023
        person.Declare(new YearMonth(2024, 1), 12, 10000);                                 // 9,600 credited in 2024

        person.Account.CreditInterest(2023, Requester.System);
        person.Account.CreditInterest(2023, Requester.System);
        person.Account.CreditInterest(2024, Requester.System);

        // 2023 (3.97%): 0 × r + 9,600 × r × 1.083 / 2 = 206.3765 → 206.38; 2024 (2.62%): 9,806.38 × r + 9,600 × r × 1.083 / 2 = 393.1252 → 393.13.
        var segment = person.State.Segments.Single();
        Assert.Equal(Money.FromYuan(206.38m) + Money.FromYuan(393.13m), segment.InterestCredited);
        Assert.Equal(2, person.State.Pending.Movements.Count(m => m.Kind == "interest"));
        Assert.Equal<IReadOnlyDictionary<int, Money>>(new Dictionary<int, Money> { [2023] = Money.FromYuan(206.38m), [2024] = Money.FromYuan(393.13m) },
            person.Account.ToRecord().Segments.Single().InterestByYear!);                   // the record shows each year's
        Assert.Equal("interest-year-open", Assert.Throws<JinBaoException>(() => person.Account.CreditInterest(2026, Requester.System)).Code);
    }

    [Fact]
    public void Enrol_WithAName_RecordsIt_WritesTheDirectoryRow_AndAuditsItMasked()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");

        person.Enrol("440300", new DateOnly(2025, 1, 1), " 张三丰 ");

        Assert.Equal("张三丰", person.Account.ToRecord().Name);
        var row = Assert.Single(person.State.Pending.Directory);
        Assert.Equal(new Effects.PersonDirectoryRow("440300", person.Id.Value, "张三丰", new DateOnly(2025, 1, 1)), row);
        var enrolled = Assert.Single(person.State.Pending.Events);
        using var payload = System.Text.Json.JsonDocument.Parse(enrolled.PayloadJson);
        Assert.Equal("张**", payload.RootElement.GetProperty("name").GetString());
        Assert.DoesNotContain(payload.RootElement.EnumerateObject(), p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String && p.Value.GetString()!.Contains('三'));
    }

    [Fact]
    public void Enrol_Repeated_ChangesOnlyTheName_AndOnlyWhenItBringsANewOne()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");
        person.Enrol("440300", new DateOnly(2025, 1, 1), "张三");
        person.State.Pending.Clear();

        person.Enrol("440300", new DateOnly(2025, 1, 1), "张三");                   // same name: nothing to save
        person.Enrol("440300", new DateOnly(2025, 1, 1));                          // no name: the recorded one stays
        Assert.True(person.State.Pending.IsEmpty);
        Assert.Equal("张三", person.State.Name);

        person.Enrol("440300", new DateOnly(2025, 1, 1), "张三丰");                 // a corrected name

        Assert.Equal("张三丰", person.Account.ToRecord().Name);
        Assert.Equal("person-name-changed", Assert.Single(person.State.Pending.Events).Type);
        Assert.Equal("张三丰", Assert.Single(person.State.Pending.Directory).Name);
        Assert.Single(person.State.Segments);
    }

    [Fact]
    public void Enrol_InAnotherCityWithoutAName_KeepsTheName_ForThatCitysRowToo()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");
        person.Enrol("440100", new DateOnly(2020, 1, 1), "王军");
        person.State.Pending.Clear();

        person.Enrol("440300", new DateOnly(2025, 1, 1));

        Assert.Equal("王军", person.Account.ToRecord().Name);
        Assert.Equal(new Effects.PersonDirectoryRow("440300", person.Id.Value, "王军", new DateOnly(2025, 1, 1)), Assert.Single(person.State.Pending.Directory));
    }

    [Fact]
    public void Enrol_WithAnInvalidName_IsRefusedAndChangesNothing()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");
        person.Enrol("440100", new DateOnly(2020, 1, 1), "王军");
        person.State.Pending.Clear();

        var error = Assert.Throws<JinBaoException>(() => person.Enrol("440300", new DateOnly(2025, 1, 1), "王军3"));

        Assert.Equal("person-name-invalid", error.Code);
        Assert.Equal("王军", person.State.Name);
        Assert.Equal(RegionCode.Parse("440100"), person.State.InsuringCity);
        Assert.True(person.State.Pending.IsEmpty);
    }

    /// <summary>A person's state and rules with the shipped parameters and a fixed "now".</summary>
    [Fact]
    public void At0100ChinaTimeOnTheFirst_TheNewMonthIsCurrent_ThoughItIsStillLastMonthInUtc()
    {
        // 2026-07-01 01:00 in China is 2026-06-30 17:00 UTC: a July declaration is due, not "in the future".
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000", new DateTimeOffset(2026, 6, 30, 17, 0, 0, TimeSpan.Zero));
        person.Enrol("440300", new DateOnly(2026, 1, 1));

        person.Declare(new YearMonth(2026, 7), 1, 9000);

        Assert.Equal(new YearMonth(2026, 7), person.Account.ToRecord().Segments.Single().Months.Single().Month);
        var august = Assert.Throws<JinBaoException>(() => person.Declare(new YearMonth(2026, 8), 1, 9000));
        Assert.Equal("contribution-month-future", august.Code);
    }

    [Fact]
    public void Declarations_StoredAsIdsBeforeTheyWereKeys_AreStillRecognised()
    {
        var person = new Person(CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123), "440000");
        person.Enrol("440300", new DateOnly(2024, 1, 1));
        person.Declare(new YearMonth(2024, 1), 2, 7000);
        // A row written before issue 16 kept the ids; read back with today's state, the ids are there, the keys are not.
        var json = System.Text.Json.JsonSerializer.Serialize(person.State, JinBaoJson.Options)
            .Replace("\"declarationKeys\":{", "\"declarations\":{\"2024-01\":\"2024-01\",\"2024-02\":\"2024-02\"},\"unused\":{", StringComparison.Ordinal);
        var stored = System.Text.Json.JsonSerializer.Deserialize<PersonState>(json, JinBaoJson.Options)!;
        var account = new PersonAccount(stored, person.Id, PensionParameters.Official, Now);

        account.Declare(new DeclareContribution(new DeclarationId("2024-02"), new YearMonth(2024, 2), Money.FromYuan(7000), Requester.System)); // a replay: nothing
        var reused = Assert.Throws<JinBaoException>(() =>
            account.Declare(new DeclareContribution(new DeclarationId("2024-01"), new YearMonth(2024, 3), Money.FromYuan(7000), Requester.System)));

        Assert.Equal("declaration-id-reused", reused.Code);
        Assert.Equal(2, stored.Segments.Single().Months.Count);
        Assert.Null(stored.Declarations);
        Assert.Equal(2, stored.DeclarationKeys.Count);
        Assert.DoesNotContain("\"declarations\"", System.Text.Json.JsonSerializer.Serialize(stored, JinBaoJson.Options), StringComparison.Ordinal);
    }

    private sealed class Person(CitizenId id, string hukou, DateTimeOffset? now = null)
    {
        public CitizenId Id => id;

        public PersonState State { get; } = new();

        public PersonAccount Account => new(State, id, PensionParameters.Official, now ?? Now);

        public void Enrol(string city, DateOnly on, string? name = null) =>
            Account.Enrol(new EnrolPerson(RegionCode.Parse(hukou), RegionCode.Parse(city), on, Requester.System, name));

        public void Declare(YearMonth first, int months, decimal baseYuan)
        {
            for (var i = 0; i < months; i++)
            {
                var month = first.AddMonths(i);
                Account.Declare(new DeclareContribution(new DeclarationId($"{month}"), month, Money.FromYuan(baseYuan), Requester.System));
            }
        }
    }
}
