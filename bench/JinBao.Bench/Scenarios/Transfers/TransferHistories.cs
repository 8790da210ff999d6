using JinBao.Medical;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>
/// The person every transfer moves (journey 1, shortened): hukou Chengdu, Shenzhen 2024-01..12 at 9,000, left Shenzhen
/// at the end of 2024, enrolled in Chengdu on 2025-01-02 and contributed for January. Built through the grains for
/// JinBao and with the same rules in memory for the baseline.
/// </summary>
public static class TransferHistories
{
    public const int ShenzhenMonths = 12;
    private static readonly YearMonth FirstShenzhenMonth = new(2024, 1);

    public static async Task InsureAsync(IGrainFactory guangdong, IGrainFactory sichuan, CitizenId person)
    {
        var inGuangdong = guangdong.GetPersonGrain(person);
        await inGuangdong.EnrolAsync(new EnrolPerson(Places.Chengdu, Places.Shenzhen, new DateOnly(2024, 1, 1), Places.ShenzhenSystem));
        await inGuangdong.DeclareMonthsAsync(FirstShenzhenMonth, ShenzhenMonths, 9000, Places.ShenzhenSystem);
        await inGuangdong.StopContributingAsync(new StopContributing(Places.Shenzhen, new DateOnly(2024, 12, 31), Places.ShenzhenSystem));

        // The national index hears of the stop through the exchange, a moment after it: until then Sichuan is refused.
        var inSichuan = sichuan.GetPersonGrain(person);
        await Retry.UntilSucceedsAsync(() => inSichuan.EnrolAsync(new EnrolPerson(Places.Chengdu, Places.Chengdu, new DateOnly(2025, 1, 2), Places.ChengduSystem)), TimeSpan.FromSeconds(60));
        await inSichuan.DeclareMonthsAsync(new YearMonth(2025, 1), 1, 8000, Places.ChengduSystem);
    }

    public static (PersonState Guangdong, PersonState Sichuan) InMemory(CitizenId person)
    {
        var now = DateTimeOffset.UtcNow;
        var guangdong = new PersonState();
        var inGuangdong = new PersonAccount(guangdong, person, PensionParameters.Official, now);
        inGuangdong.Enrol(new EnrolPerson(Places.Chengdu, Places.Shenzhen, new DateOnly(2024, 1, 1), Places.ShenzhenSystem));
        for (var i = 0; i < ShenzhenMonths; i++)
        {
            var month = FirstShenzhenMonth.AddMonths(i);
            inGuangdong.Declare(new DeclareContribution(new DeclarationId($"{Places.ShenzhenSystem.Actor}:{month}"), month, Money.FromYuan(9000), Places.ShenzhenSystem));
        }

        inGuangdong.StopContributing(new StopContributing(Places.Shenzhen, new DateOnly(2024, 12, 31), Places.ShenzhenSystem));

        var sichuan = new PersonState();
        var inSichuan = new PersonAccount(sichuan, person, PensionParameters.Official, now);
        inSichuan.Enrol(new EnrolPerson(Places.Chengdu, Places.Chengdu, new DateOnly(2025, 1, 2), Places.ChengduSystem), previousProvince: Places.Shenzhen.Province);
        var january = new YearMonth(2025, 1);
        inSichuan.Declare(new DeclareContribution(new DeclarationId($"{Places.ChengduSystem.Actor}:{january}"), january, Money.FromYuan(8000), Places.ChengduSystem));
        return (guangdong, sichuan);
    }

    public static MedicalAccountState NoMedical() => new();
}
