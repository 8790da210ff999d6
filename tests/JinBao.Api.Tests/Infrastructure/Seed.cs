using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>Test situations set up directly on the grains (fast), for tests whose subject is a later HTTP call.</summary>
public static class Seed
{
    private static readonly Requester Seeder = new("test-seed", null);

    public static async Task<CitizenId> EnrolledAsync(this ApiFixture fixture, string city, string hukou = "440300", int birthYear = 1985)
    {
        var id = TestPeople.Next(birthYear);
        await fixture.Grains.GetPersonGrain(id).EnrolAsync(new EnrolPerson(RegionCode.Parse(hukou), RegionCode.Parse(city), new DateOnly(2024, 1, 1), Seeder));
        return id;
    }

    public static Task<PersonRecord> DeclaredAsync(this ApiFixture fixture, CitizenId id, string month, long yuan = 9000) =>
        fixture.Grains.GetPersonGrain(id).DeclareContributionAsync(
            new DeclareContribution(new DeclarationId($"seed-{month}-{Guid.NewGuid():N}"), YearMonth.Parse(month), Money.FromYuan(yuan), Seeder));

    /// <summary>A person who contributed at <paramref name="oldCity"/> and is now insured at <paramref name="newCity"/>.</summary>
    public static async Task<CitizenId> MovedAsync(this ApiFixture fixture, string oldCity, string newCity)
    {
        var id = await fixture.EnrolledAsync(oldCity);
        await fixture.DeclaredAsync(id, "2024-06");
        await fixture.Grains.GetPersonGrain(id).EnrolAsync(new EnrolPerson(RegionCode.Parse("440300"), RegionCode.Parse(newCity), new DateOnly(2025, 1, 1), Seeder));
        return id;
    }

    /// <summary>A transfer applied at <paramref name="newCity"/>, awaiting the new place's review.</summary>
    public static async Task<TransferView> AppliedTransferAsync(this ApiFixture fixture, string oldCity, string newCity)
    {
        var id = await fixture.MovedAsync(oldCity, newCity);
        return await fixture.Grains.GetTransferGrain(TransferId.New())
            .ApplyAsync(new ApplyForTransfer(id, RegionCode.Parse(oldCity), RegionCode.Parse(newCity), Seeder));
    }

    /// <summary>A woman insured in <paramref name="city"/> for 180 months and retired on 2026-11-01, paid to icbc, living in Chengdu.</summary>
    public static async Task<CitizenId> RetiredAsync(this ApiFixture fixture, string city = "440300")
    {
        var id = TestPeople.Next(birthYear: 1974, female: true);
        var person = fixture.Grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse(city), RegionCode.Parse(city), new DateOnly(2011, 11, 1), Seeder));
        await person.DeclareMonthsAsync(new YearMonth(2011, 11), 180, 8000, Seeder);
        await person.RetireAsync(new RetirePerson(new DateOnly(2026, 11, 1), false, Seeder, "icbc", "6222020012345678", RegionCode.Parse("510100")));
        return id;
    }
}
