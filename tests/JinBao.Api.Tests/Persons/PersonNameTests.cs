using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Persons;

/// <summary>
/// The person's name (issue 18) through HTTP: given at enrolment, read back with the record, corrected by enrolling
/// again, kept in every city's directory row, and never stored in the audit trail in clear.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PersonNameTests(ApiFixture fixture)
{
    [Fact]
    public async Task EnrolWithAName_ReadItBack_CorrectIt_AndFindItInEveryCitysDirectory()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var guangzhou = await fixture.CitySystemAsync(Guangzhou);
        var person = TestPeople.Next(birthYear: 1990).Value;

        var enrolled = await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2025-01-01", name = " 欧阳娜 " })).ExpectAsync(201);
        Assert.Equal("欧阳娜", enrolled.GetProperty("name").GetString());
        Assert.Equal("欧阳娜", (await (await shenzhen.GetAsync($"/api/v1/persons/{person}")).ExpectAsync(200)).GetProperty("name").GetString());
        Assert.Equal(["欧阳娜 2025-01-01"], await DirectoryAsync(person, Shenzhen));

        // The same enrolment again with the name corrected: the record and the directory take the new name.
        var corrected = await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2025-01-01", name = "欧阳娜娜" })).ExpectAsync(201);
        Assert.Equal("欧阳娜娜", corrected.GetProperty("name").GetString());
        Assert.Equal("欧阳娜娜", (await (await shenzhen.GetAsync($"/api/v1/persons/{person}")).ExpectAsync(200)).GetProperty("name").GetString());
        Assert.Equal(["欧阳娜娜 2025-01-01"], await DirectoryAsync(person, Shenzhen));

        // Enrolled in Guangzhou without a name: the recorded one stays, and Guangzhou's directory has it too.
        var moved = await (await guangzhou.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2025-06-02" })).ExpectAsync(201);
        Assert.Equal("欧阳娜娜", moved.GetProperty("name").GetString());
        Assert.Equal(["欧阳娜娜 2025-06-02"], await DirectoryAsync(person, Guangzhou));

        // Corrected once more, in Guangzhou: every city's row has the new name; each keeps its first enrolment's date.
        await (await guangzhou.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2025-06-02", name = "欧阳 娜娜" })).ExpectAsync(201);
        Assert.Equal(["欧阳 娜娜 2025-01-01"], await DirectoryAsync(person, Shenzhen));
        Assert.Equal(["欧阳 娜娜 2025-06-02"], await DirectoryAsync(person, Guangzhou));
        Assert.Contains(person, await Sql.StringsAsync(fixture.ConnectionString,
            "SELECT citizen_id FROM jinbao_person_directory WHERE city = @city AND name LIKE @prefix", ("city", Shenzhen), ("prefix", "欧阳%")));

        // The audit trail has the name only masked: 欧***, 欧** and so on, never a later character.
        var stream = $"person:{person}";
        Assert.Equal(["欧**", "欧***", "欧****"], await Sql.StringsAsync(fixture.ConnectionString,
            "SELECT DISTINCT payload->>'name' FROM jinbao_events WHERE stream = @stream AND payload->>'name' IS NOT NULL ORDER BY 1", ("stream", stream)));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = @stream AND payload::text LIKE '%娜%'", ("stream", stream)));
    }

    [Fact]
    public async Task EnrolWithAnInvalidName_Is400NamingTheField_AndRecordsNothing()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = TestPeople.Next().Value;

        var problem = await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2025-01-01", name = "欧阳3" })).ExpectAsync(400);

        Assert.Equal("validation", problem.Code());
        var error = problem.GetProperty("errors").GetProperty("name")[0].GetString()!;
        Assert.StartsWith("person-name-invalid: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("欧阳", error, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_person_directory WHERE citizen_id = @id", ("id", person)));
        await (await shenzhen.GetAsync($"/api/v1/persons/{person}")).ExpectAsync(404);
    }

    private Task<List<string>> DirectoryAsync(string person, string city) =>
        Sql.StringsAsync(fixture.ConnectionString,
            "SELECT name || ' ' || to_char(enrolled_on, 'YYYY-MM-DD') FROM jinbao_person_directory WHERE city = @city AND citizen_id = @id",
            ("city", city), ("id", person));
}
