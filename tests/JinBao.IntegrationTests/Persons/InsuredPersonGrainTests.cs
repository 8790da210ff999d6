using JinBao.Errors;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.IntegrationTests.Persons;

[Collection(ProvinceClusterCollection.Name)]
public sealed class InsuredPersonGrainTests(ProvinceClusterFixture fixture)
{
    private static readonly Requester CitySystem = new("city:440300", "test");

    private IInsuredPersonGrain Person(CitizenId id) => fixture.Cluster.Client.GetPersonGrain(id);

    private Task<List<string>> DirectoryAsync(CitizenId id) => Sql.StringsAsync(fixture.ConnectionString,
        "SELECT name || ' ' || to_char(enrolled_on, 'YYYY-MM-DD') FROM jinbao_person_directory WHERE city = '440300' AND citizen_id = @id", ("id", id.Value));

    [Fact]
    public async Task Enrol_Declare_Get_RecordsClampedBaseAndSplit()
    {
        var id = TestPeople.Next(birthYear: 1988);
        var person = Person(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), RegionCode.Parse("440300"), new DateOnly(2024, 3, 1), CitySystem));

        // Guangdong's 2024 average wage bounds the 2025 base; 1,000 yuan is below the 60% floor and is raised to it.
        var floor = fixture.AverageWage("440000", 2024).MultiplyBy(0.60m);
        var record = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("d-1"), new YearMonth(2025, 1), Money.FromYuan(1000), CitySystem));
        record = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("d-2"), new YearMonth(2025, 2), Money.FromYuan(9000), CitySystem));

        var segment = Assert.Single(record.Segments);
        Assert.Equal("440300", segment.PoolingArea);
        Assert.Equal(floor, segment.Months[0].Base);
        Assert.Equal(Money.FromYuan(720), segment.Months[1].IndividualAccountCredit);   // 8% of 9,000
        Assert.Equal(Money.FromYuan(1440), segment.Months[1].PooledFundCredit);         // 16% of 9,000
        Assert.Equal(floor.MultiplyBy(0.08m) + Money.FromYuan(720), segment.IndividualAccountBalance);
        Assert.Equal(id, record.CitizenId);
        Assert.Equal(Sex.Male, record.Sex);
    }

    [Fact]
    public async Task DeclareContribution_RepeatedDeclaration_ChangesNothing()
    {
        var id = TestPeople.Next();
        var person = Person(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), CitySystem));
        var declaration = new DeclareContribution(new DeclarationId("d-42"), new YearMonth(2025, 3), Money.FromYuan(8000), CitySystem);

        var first = await person.DeclareContributionAsync(declaration);
        var second = await person.DeclareContributionAsync(declaration);

        Assert.Equal(first.Segments[0].IndividualAccountBalance, second.Segments[0].IndividualAccountBalance);
        Assert.Single(second.Segments[0].Months);
        Assert.Equal(1, await fixture.CountAsync("SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE person_id = @p", id.Value));
    }

    public static TheoryData<string, string> BadDeclarations => new()
    {
        { "2999-01", "contribution-month-future" },
        { "1990-01", "contribution-month-before-working-age" },
        { "2024-12", "contribution-month-before-enrolment" }, // enrolled 2025-01-01
        { "2025-05", "contribution-month-duplicate" },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public async Task DeclareContribution_BadInput_IsTypedErrorAndLeavesStateUntouched(string month, string code)
    {
        var id = TestPeople.Next(birthYear: 1980);
        var person = Person(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), CitySystem));
        var before = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("first"), new YearMonth(2025, 5), Money.FromYuan(8000), CitySystem));

        var error = await Assert.ThrowsAsync<JinBaoException>(() =>
            person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("second"), YearMonth.Parse(month), Money.FromYuan(8000), CitySystem)));

        Assert.Equal(code, error.Code);
        var after = await person.GetRecordAsync();
        Assert.Equal(before.Segments[0].Months, after.Segments[0].Months);
        Assert.Equal(before.Segments[0].IndividualAccountBalance, after.Segments[0].IndividualAccountBalance);
    }

    [Fact]
    public async Task DeclareContribution_NonPositiveBase_IsInvalidInput()
    {
        var person = Person(TestPeople.Next());
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), CitySystem));

        var error = await Assert.ThrowsAsync<JinBaoException>(() =>
            person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("neg"), new YearMonth(2025, 4), Money.FromYuan(-5), CitySystem)));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Empty((await person.GetRecordAsync()).Segments[0].Months);
    }

    [Fact]
    public async Task NotEnrolled_GetRecordAndDeclare_AreNotFound()
    {
        var person = Person(TestPeople.Next());

        var read = await Assert.ThrowsAsync<JinBaoException>(person.GetRecordAsync);
        var declare = await Assert.ThrowsAsync<JinBaoException>(() =>
            person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("x"), new YearMonth(2025, 1), Money.FromYuan(8000), CitySystem)));

        Assert.Equal(ErrorKind.NotFound, read.Kind);
        Assert.Equal("person-not-enrolled", declare.Code);
    }

    [Fact]
    public async Task Enrol_InAnotherCity_LeavesTheOldRelationshipDormantAndOneActive()
    {
        var person = Person(TestPeople.Next());
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), CitySystem));

        var record = await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440300"), new DateOnly(2025, 2, 1), CitySystem));

        Assert.Equal(RegionCode.Parse("440300"), record.InsuringCity);
        Assert.Equal(SegmentStatus.Dormant, record.Segments.Single(s => s.City == RegionCode.Parse("440100")).Status);
        Assert.Single(record.Segments, s => s.Status == SegmentStatus.Active);
    }

    [Fact]
    public async Task Enrol_WithAName_IsRecordedAndInTheDirectory_AndARepeatWithANewNameCorrectsBoth()
    {
        var id = TestPeople.Next();
        var person = Person(id);
        var shenzhen = RegionCode.Parse("440300");
        var enrolment = new EnrolPerson(RegionCode.Parse("510100"), shenzhen, new DateOnly(2025, 1, 1), CitySystem, "王军");

        Assert.Equal("王军", (await person.EnrolAsync(enrolment)).Name);
        Assert.Equal(["王军 2025-01-01"], await DirectoryAsync(id));

        var corrected = await person.EnrolAsync(enrolment with { Name = "王 俊", EnrolledOn = new DateOnly(2025, 3, 1) });
        var unnamed = await person.EnrolAsync(enrolment with { Name = null });

        Assert.Equal("王 俊", corrected.Name);
        Assert.Equal("王 俊", unnamed.Name);
        Assert.Single(unnamed.Segments);
        Assert.Equal(["王 俊 2025-01-01"], await DirectoryAsync(id)); // the date of the first enrolment stays
        await fixture.Cluster.DeactivateAsync(person);
        Assert.Equal("王 俊", (await person.GetRecordAsync()).Name);  // stored with the state, not only in memory
        Assert.Equal(2, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = 'person:' || @p", id.Value));
    }

    [Fact]
    public async Task Enrol_WhoseDirectoryRowCannotBeWritten_IsNotSavedEither_AndTheRetryEnrolsOnce()
    {
        var id = TestPeople.Next();
        var person = Person(id);
        var enrolment = new EnrolPerson(RegionCode.Parse("440300"), RegionCode.Parse("440300"), new DateOnly(2025, 1, 1), CitySystem, "李梅");

        await Sql.ExecuteAsync(fixture.ConnectionString, "ALTER TABLE jinbao_person_directory RENAME TO jinbao_person_directory_away");
        JinBaoException refused;
        try
        {
            refused = await Assert.ThrowsAsync<JinBaoException>(() => person.EnrolAsync(enrolment));
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.ConnectionString, "ALTER TABLE jinbao_person_directory_away RENAME TO jinbao_person_directory");
        }

        // The row is written in the state's transaction: without it, neither the enrolment nor its audit event stands.
        Assert.Equal("storage-unavailable", refused.Code);
        Assert.Equal("person-not-enrolled", (await Assert.ThrowsAsync<JinBaoException>(person.GetRecordAsync)).Code);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = 'person:' || @p", id.Value));

        Assert.Equal("李梅", (await person.EnrolAsync(enrolment)).Name);
        Assert.Equal(["李梅 2025-01-01"], await DirectoryAsync(id));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = 'person:' || @p", id.Value));
    }

    [Fact]
    public async Task StoredRow_IsReadableJsonInTheOrleansStorageTable()
    {
        var id = TestPeople.Next();
        var person = Person(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), RegionCode.Parse("440300"), new DateOnly(2025, 1, 1), CitySystem));
        await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("row"), new YearMonth(2025, 6), Money.FromYuan(9000), CitySystem));

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT convert_from(payloadbinary, 'UTF8')::jsonb
            FROM orleans_storage
            WHERE graintypestring = 'person' AND grainidextensionstring = @id AND serviceid = @service
            """, connection);
        command.Parameters.AddWithValue("id", id.Value);
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        var json = System.Text.Json.JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement;

        Assert.Equal(id.Value, json.GetProperty("citizenId").GetString());
        var month = json.GetProperty("segments")[0].GetProperty("months").GetProperty("2025-06");
        Assert.Equal(72000, month.GetProperty("individualAccountCredit").GetProperty("fen").GetInt64());
    }

    [Fact]
    public async Task Contributions_AreBalancedLedgerMovementsAndAudited()
    {
        var id = TestPeople.Next();
        var person = Person(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), CitySystem));
        var record = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("led"), new YearMonth(2025, 7), Money.FromYuan(10000), CitySystem));

        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        var individual = await fixture.CountAsync(
            "SELECT coalesce(sum(amount_fen), 0) FROM jinbao_ledger_entries WHERE person_id = @p AND account = '440000:individual-account'", id.Value);
        Assert.Equal(record.Segments[0].IndividualAccountBalance.Fen, individual);
        Assert.Equal(2, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = 'person:' || @p", id.Value));
    }
}
