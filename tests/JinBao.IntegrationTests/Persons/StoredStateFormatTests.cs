using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Persons;

/// <summary>
/// Pins the storage format (System.Text.Json, camelCase, no type names): a person row written by version 1 stays
/// readable. If this fails, a rename broke stored data: add a migration path instead of changing the payload.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class StoredStateFormatTests(ProvinceClusterFixture fixture)
{
    [Fact]
    public async Task PersonRowWrittenByVersion1_IsReadByTheCurrentGrain()
    {
        var id = TestPeople.Next();
        var person = fixture.Cluster.Client.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), RegionCode.Parse("440300"), new DateOnly(2024, 3, 1), new Requester("test", null)));
        var payload = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Persons", "StoredPayloads", "person-v1.json")))
            .Replace("{citizenId}", id.Value, StringComparison.Ordinal);

        await fixture.Cluster.DeactivateAsync(person);
        await Sql.ExecuteAsync(fixture.ConnectionString, """
            UPDATE orleans_storage SET payloadbinary = convert_to(@payload, 'UTF8')
            WHERE graintypestring = 'person' AND grainidextensionstring = @id AND serviceid = @service
            """, ("payload", payload), ("id", id.Value), ("service", fixture.ServiceId));
        var record = await person.GetRecordAsync();

        var segment = Assert.Single(record.Segments);
        Assert.Equal(RegionCode.Parse("440300"), segment.City);
        Assert.Equal(Money.FromYuan(1440), segment.IndividualAccountBalance);
        Assert.Equal([new YearMonth(2025, 1), new YearMonth(2025, 2)], segment.Months.Select(m => m.Month));
        Assert.Equal(Money.FromYuan(9000), segment.Months[1].Base);
        Assert.Equal(SegmentStatus.Active, segment.Status);
        Assert.Null(record.Name); // stored before names were recorded
        // The declarations came back too: repeating d-2 is recognised and changes nothing.
        var again = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("d-2"), new YearMonth(2025, 2), Money.FromYuan(9000), new Requester("test", null)));
        Assert.Equal(2, again.Segments[0].Months.Count);
    }
}
