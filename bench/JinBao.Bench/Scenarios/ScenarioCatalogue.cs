using JinBao.Bench.Scenarios.EventStream;
using JinBao.Bench.Scenarios.Medical;
using JinBao.Bench.Scenarios.MedicalCross;
using JinBao.Bench.Scenarios.MedicalHistory;
using JinBao.Bench.Scenarios.Payments;
using JinBao.Bench.Scenarios.Persons;
using JinBao.Bench.Scenarios.Rules;
using JinBao.Bench.Scenarios.Transfers;

namespace JinBao.Bench.Scenarios;

/// <summary>
/// Every scenario, in run order. Adding one (like the monthly payment run over 1,000,000 retirees) is one new
/// class implementing <see cref="IScenario"/> under Scenarios/ and one line here; it gets the shared PostgreSQL server,
/// the three-cluster topology, the load drivers and the pgbench limit from <see cref="BenchContext"/>.
/// </summary>
public static class ScenarioCatalogue
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new RuleMicrobenchmarks(),       // pure rules in-process (BenchmarkDotNet), before any cluster runs
        new MedicalSettlementScenario(),
        new EventStreamCostScenario(),  // issue 20: the settlement path with the business-event stream on and off
        new CrossProvinceSettlementScenario(), // issue 16: care province ≠ insuring province, through national
        new SettlementHistoryScenario(),       // issue 16: a settlement's cost with 200 settlements behind it
        new PensionTransferScenario(),
        new PersonGrainScenario(),
        new PaymentRunScenario(),        // issue 8: 1,000,000 projected retirees, set-based
    ];
}
