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

    // Common surnames (two of two characters) and given-name characters, so an agency's directory has names to search.
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "欧阳", "司马"];
    private const string GivenCharacters = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏飞燕";

    /// <summary>A synthetic name: a common surname and one or two given-name characters, e.g. 陈秀英.</summary>
    public string NextName()
    {
        var given = random.Next(1, 3);
        var name = Surnames[random.Next(Surnames.Length)];
        for (var i = 0; i < given; i++)
        {
            name += GivenCharacters[random.Next(GivenCharacters.Length)];
        }

        return name;
    }

    /// <summary>A monthly base in fen around a city wage: 4,000–16,000 yuan.</summary>
    public long NextBaseFen() => random.Next(4_000, 16_001) * 100L;
}
