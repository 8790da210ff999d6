using System.Security.Cryptography;
using System.Text;

using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Exchange;

/// <summary>
/// Deterministic document ids: a GUID made of the first 16 bytes of SHA-256 over the fact's natural key. The same fact
/// always gets the same id (a redone step is recognised as a replay), and the id reveals nothing about the person.
/// </summary>
public static class DocumentIds
{
    /// <summary>The one document of <paramref name="type"/> that transfer <paramref name="transferId"/> ever sends.</summary>
    public static DocumentId ForTransfer(TransferId transferId, string type) => From($"transfer|{transferId}|{type}");

    /// <summary>The release of a person's active claim after their change number <paramref name="sequence"/>.</summary>
    public static DocumentId ForActiveRelease(CitizenId citizenId, RegionCode province, long sequence) =>
        From($"active-released|{citizenId.Value}|{province.Value}|{sequence}");

    /// <summary>A province's statistics summary after it had counted <paramref name="eventsCounted"/> business events.</summary>
    public static DocumentId ForStatisticsSummary(RegionCode province, long eventsCounted) => From($"statistics-summary|{province.Value}|{eventsCounted}");

    /// <summary>National's adjustment effective <paramref name="effectiveMonth"/>, to the province cluster <paramref name="receiver"/>.</summary>
    public static DocumentId ForNationalAdjustment(YearMonth effectiveMonth, string receiver) => From($"national-adjustment|{effectiveMonth}|{receiver}");

    /// <summary>Part <paramref name="part"/> of the payment roll of <paramref name="province"/>'s run for <paramref name="runMonth"/>.</summary>
    public static DocumentId ForPaymentRoll(RegionCode province, YearMonth runMonth, int part) => From($"payment-roll|{province.Value}|{runMonth}|{part}");

    /// <summary>National's notice to <paramref name="receiver"/> that the person was paid for <paramref name="month"/> by two provinces.</summary>
    public static DocumentId ForPaidTwice(string citizenId, YearMonth month, string receiver) => From($"paid-twice|{citizenId}|{month}|{receiver}");

    private static DocumentId From(string naturalKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(naturalKey), hash);
        return new DocumentId(new Guid(hash[..16]).ToString("D"));
    }
}
