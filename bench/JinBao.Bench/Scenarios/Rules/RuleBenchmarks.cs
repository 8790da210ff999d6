using System.Text.Json;

using BenchmarkDotNet.Attributes;

using JinBao.Bench.Baseline;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.Rules;

/// <summary>
/// The pure work inside one settlement, without I/O (BenchmarkDotNet): the rule itself and the JSON of the states a
/// write stores. Compared with the end-to-end CPU per settlement, it shows how little of the time is the rules.
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private const int SettlementsHeld = 10;

    private readonly CitizenId _person = TestPeople.Next(birthYear: 1960, addressCode: "440304");
    private MedicalAccountState _fresh = null!;
    private MedicalAccountState _held = null!;
    private PersonState _personState = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _fresh = Filed();
        _held = Filed();
        for (var i = 0; i < SettlementsHeld; i++)
        {
            Account(_held).Settle(Bill($"held-{i}"));
        }

        _held.Pending = new();
        _personState = new PersonState();
        var person = new PersonAccount(_personState, _person, PensionParameters.Official, DateTimeOffset.UtcNow);
        person.Enrol(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2024, 1, 1), Places.ShenzhenSystem));
        for (var i = 0; i < 12; i++)
        {
            var month = new YearMonth(2024, 1).AddMonths(i);
            person.Declare(new DeclareContribution(new DeclarationId($"m{i}"), month, Money.FromYuan(9000), Places.ShenzhenSystem));
        }

        _personState.Pending = new();
    }

    [Benchmark(Description = "MedicalAccount.Settle (the rule, no I/O)")]
    public SettlementView Settle()
    {
        var view = Account(_fresh).Settle(Bill($"s-{++_sequence}"));
        _fresh.Settlements.Clear(); // each call settles the same first-of-the-year bill
        _fresh.Years.Clear();
        _fresh.Pending = new();
        return view;
    }

    [Benchmark(Description = "medical state with 10 settlements → JSON")]
    public byte[] MedicalStateJson() => JsonSerializer.SerializeToUtf8Bytes(_held, BaselineJson.Options);

    [Benchmark(Description = "person state with 12 months → JSON")]
    public byte[] PersonStateJson() => JsonSerializer.SerializeToUtf8Bytes(_personState, BaselineJson.Options);

    private MedicalAccount Account(MedicalAccountState state) =>
        new(state, _person, Places.Shenzhen, MedicalCatalogue.Official, MedicalPolicies.Official, DateTimeOffset.UtcNow);

    private MedicalAccountState Filed()
    {
        var state = new MedicalAccountState();
        Account(state).File(new FileForCare(new FilingId("long-term-beijing"), FilingType.LongTerm, Places.Beijing, new DateOnly(2026, 1, 1), null, Places.ShenzhenSystem));
        return state;
    }

    private static SettleBill Bill(string id) =>
        new(new SettlementId(id), Places.Beijing, new DateOnly(2026, 11, 2), false, [new FeeLine("B90-INSCOPE", 1, Money.FromYuan(3000))], Places.BeijingHospital);
}
