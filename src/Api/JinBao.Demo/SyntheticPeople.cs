using System.Globalization;

namespace JinBao.Demo;

/// <summary>
/// Synthetic citizen id numbers (GB 11643-1999): the address code of the hukou city's urban districts (市辖区, xxxx01), a birth date, a sequence
/// number and the check character, so the API accepts them as it would real ones. Random per run, so a second demo
/// on the same data enrols new people instead of replaying the first run's.
/// </summary>
public sealed class SyntheticPeople(Random random)
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // Born 1970–1999: of working age in 2026, and old enough for a contribution history.
    private static readonly DateOnly FirstBirthDate = new(1970, 1, 1);
    private const int BirthDateSpanDays = 30 * 365;

    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);

    /// <summary>A new id with its address in <paramref name="countyCode"/> (e.g. 510104, Chengdu Jinjiang).</summary>
    public string NextCitizenId(string countyCode)
    {
        while (true)
        {
            var birth = FirstBirthDate.AddDays(random.Next(BirthDateSpanDays));
            var sequence = random.Next(1, 1000);
            var body = string.Create(CultureInfo.InvariantCulture, $"{countyCode}{birth:yyyyMMdd}{sequence:000}");
            var id = body + CheckCharacter(body);
            if (_issued.Add(id))
            {
                return id;
            }
        }
    }

    /// <summary>The GB 11643 check character of the first 17 digits.</summary>
    public static char CheckCharacter(string body17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (body17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>A monthly base in fen around a city wage: 4,000–16,000 yuan.</summary>
    public long NextBaseFen() => random.Next(4_000, 16_001) * 100L;
}
