using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao;

/// <summary>The only place that turns domain ids into grain keys.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The grain of the person with this citizen id.</summary>
    public static IInsuredPersonGrain GetPersonGrain(this IGrainFactory grains, CitizenId citizenId) =>
        grains.GetGrain<IInsuredPersonGrain>(citizenId.Value);
}
