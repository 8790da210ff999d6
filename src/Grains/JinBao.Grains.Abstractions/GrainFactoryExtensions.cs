using JinBao.Agencies;
using JinBao.Drawing;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao;

/// <summary>The only place that turns domain ids into grain keys.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The grain of the person with this citizen id.</summary>
    public static IInsuredPersonGrain GetPersonGrain(this IGrainFactory grains, CitizenId citizenId) =>
        grains.GetGrain<IInsuredPersonGrain>(citizenId.Value);

    /// <summary>The grain of one pension transfer.</summary>
    public static IPensionTransferGrain GetTransferGrain(this IGrainFactory grains, TransferId id) =>
        grains.GetGrain<IPensionTransferGrain>(id.Value);

    /// <summary>The agency of a city.</summary>
    public static ICityAgencyGrain GetAgencyGrain(this IGrainFactory grains, RegionCode city) =>
        grains.GetGrain<ICityAgencyGrain>(city.Value);

    /// <summary>The person's medical account at the insuring place.</summary>
    public static IMedicalAccountGrain GetMedicalAccountGrain(this IGrainFactory grains, CitizenId citizenId) =>
        grains.GetGrain<IMedicalAccountGrain>(citizenId.Value);

    /// <summary>One direct settlement at the place of care, by its settlement id.</summary>
    public static IMedicalSettlementGrain GetMedicalSettlementGrain(this IGrainFactory grains, SettlementId settlementId) =>
        grains.GetGrain<IMedicalSettlementGrain>(settlementId.Value);

    /// <summary>A province's desk for the monthly medical clearing statements.</summary>
    public static IMedicalStatementsGrain GetMedicalStatementsGrain(this IGrainFactory grains, RegionCode province) =>
        grains.GetGrain<IMedicalStatementsGrain>(province.Province.Value);
    /// <summary>The pension payments of a drawing province (runs, adjustment rules, recovery cases).</summary>
    public static IPensionPaymentsGrain GetPaymentsGrain(this IGrainFactory grains, RegionCode province) =>
        grains.GetGrain<IPensionPaymentsGrain>(province.Province.Value);
}
