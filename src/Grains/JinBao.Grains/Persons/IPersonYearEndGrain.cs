using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Grains.Persons;

/// <summary>
/// The person's year-end step (记账利率 interest), for the platform's own year-end work rather than for API callers:
/// declared in the grains assembly, which the API does not reference.
/// </summary>
[Alias("jinbao.IPersonYearEndGrain")]
public interface IPersonYearEndGrain : IGrainWithStringKey
{
    /// <summary>Credits a closed year's interest (记账利率, spec §2.1) to every segment; once per year.</summary>
    [Alias("credit-interest")]
    Task<PersonRecord> CreditInterestAsync(int year, Requester request);
}
