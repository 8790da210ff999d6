using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;

using Orleans.Serialization;

namespace JinBao.UnitTests.Primitives;

// Primitives and their errors cross grain calls, so they must survive Orleans' serializer unchanged.
public sealed class OrleansSerializationTests
{
    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void CitizenId_RoundTrips()
    {
        var id = CitizenId.Parse("50010319650117777X", new DateOnly(2026, 1, 1));

        Assert.Equal(id, RoundTrip(id));
    }

    [Fact]
    public void RegionCode_RoundTrips()
    {
        var shenzhen = RegionCode.Parse("440300");

        Assert.Equal("Shenzhen", RoundTrip(shenzhen).EnglishName);
    }

    [Fact]
    public void InvalidCitizenIdException_KeepsRuleCodeAndMessage()
    {
        var error = Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse("440304198808151233"));

        var copy = RoundTrip(error);

        Assert.Equal(CitizenIdRule.Checksum, copy.Rule);
        Assert.Equal("citizen-id-checksum", copy.Code);
        Assert.Equal(error.Message, copy.Message);
    }

    [Fact]
    public void EnrolPersonAndPersonRecord_KeepTheName()
    {
        var id = CitizenId.Parse("50010319650117777X", new DateOnly(2026, 1, 1));
        var shenzhen = RegionCode.Parse("440300");
        var command = new EnrolPerson(shenzhen, shenzhen, new DateOnly(2025, 1, 1), Requester.System, "阿依古丽·买买提");
        var record = new PersonRecord(id, id.Sex, id.BirthDate, shenzhen, shenzhen, PersonStatus.Active, [], null, "张三丰");

        Assert.Equal("阿依古丽·买买提", RoundTrip(command).Name);
        Assert.Null(RoundTrip(command with { Name = null }).Name);
        Assert.Equal("张三丰", RoundTrip(record).Name);
    }

    [Fact]
    public void CalendarYearNotCoveredException_KeepsYear()
    {
        var copy = RoundTrip(new CalendarYearNotCoveredException(2027));

        Assert.Equal(2027, copy.Year);
        Assert.Equal("calendar-year-not-covered", copy.Code);
    }
}
