using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Testing;

/// <summary>Builds contribution histories through the person grain, as a city system would declare them.</summary>
public static class Histories
{
    /// <summary>Declares <paramref name="count"/> consecutive months from <paramref name="first"/> at one base.</summary>
    public static async Task<PersonRecord> DeclareMonthsAsync(this IInsuredPersonGrain person, YearMonth first, int count, decimal baseYuan, Requester request)
    {
        PersonRecord? record = null;
        for (var i = 0; i < count; i++)
        {
            var month = first.AddMonths(i);
            record = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId($"{request.Actor}:{month}"), month, Money.FromYuan(baseYuan), request));
        }

        return record ?? await person.GetRecordAsync();
    }
}
