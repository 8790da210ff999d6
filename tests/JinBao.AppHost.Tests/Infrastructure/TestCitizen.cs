using System.Globalization;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// A valid synthetic citizen id (GB 11643: address code, birth date, sequence, ISO 7064 MOD 11-2 check character),
/// different on every call. This assembly tests processes from outside, so it does not load the domain's CitizenId.
/// </summary>
public static class TestCitizen
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string Next(string addressCode = "440106")
    {
        var birth = new DateOnly(1980, 1, 1).AddDays(Random.Shared.Next(0, 3650));
        var body = addressCode + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + Random.Shared.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture);
        var sum = body.Select((digit, i) => (digit - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
