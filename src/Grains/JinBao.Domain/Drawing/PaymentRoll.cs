using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// The payload of a <c>payment-roll</c> document (province → national): one part of a completed payment run, the
/// persons it paid and the months it paid each of them. National keeps them only to find a person paid for one month by
/// two provinces (重复领取).
/// </summary>
public sealed record PaymentRollPayload(RegionCode Province, YearMonth RunMonth, int Part, IReadOnlyList<PaidPerson> Payees)
{
    /// <summary>Persons per document at most.</summary>
    public const int PersonsPerPart = 5_000;

    /// <summary>Months per document at most (back-pay adds months to a person): a part stays well below the exchange's 1 MiB document limit.</summary>
    public const int MonthsPerPart = 20_000;

    /// <summary>Cuts a run's payees (in id order) into parts within both limits.</summary>
    public static IEnumerable<IReadOnlyList<PaidPerson>> Parts(IEnumerable<PaidPerson> payees)
    {
        var part = new List<PaidPerson>();
        var months = 0;
        foreach (var payee in payees)
        {
            if (part.Count > 0 && (part.Count == PersonsPerPart || months + payee.Months.Count > MonthsPerPart))
            {
                yield return part;
                (part, months) = ([], 0);
            }

            part.Add(payee);
            months += payee.Months.Count;
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }

    /// <summary>Throws unless every line names an 18-character id and its months, none after the run's, within the part limits.</summary>
    public void Validate()
    {
        if (Part < 0 || Payees is null || Payees.Count > PersonsPerPart
            || Payees.Any(p => p?.CitizenId is not { Length: 18 } || p.Months is not { Count: > 0 } || p.Months.Any(m => m > RunMonth))
            || Payees.Sum(p => p.Months.Count) > MonthsPerPart)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "payment-roll-invalid",
                $"A payment roll part holds up to {PersonsPerPart} payees and {MonthsPerPart} months, each payee an 18-character id and the months paid, none after the run's month.");
        }
    }
}

/// <summary>A person in a payment roll and the months the run paid them (the run's month, and any back-pay).</summary>
public sealed record PaidPerson(string CitizenId, IReadOnlyList<YearMonth> Months);

/// <summary>
/// The payload of a <c>paid-twice-notice</c> (national → each province concerned): national found one person paid a
/// pension for <paramref name="Month"/> by every province of <paramref name="Provinces"/>.
/// </summary>
public sealed record PaidTwicePayload(string CitizenId, YearMonth Month, IReadOnlyList<RegionCode> Provinces);
