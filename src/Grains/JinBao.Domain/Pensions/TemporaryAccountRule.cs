using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>Whether a move (or a first insurance) opens a temporary account (临时基本养老保险缴费账户; spec §3.3).</summary>
public static class TemporaryAccountRule
{
    /// <summary>The age from which a man's move opens a temporary account: 50 years 0 months.</summary>
    public const int MenFromAgeMonths = 50 * 12;

    /// <summary>The age from which a woman's move opens a temporary account: 40 years 0 months.</summary>
    public const int WomenFromAgeMonths = 40 * 12;

    /// <summary>True when the new place must keep the person's contributions in a temporary account.</summary>
    /// <param name="sex">The person's sex.</param>
    /// <param name="birthDate">The birth date; age is counted in completed months on <paramref name="moveDate"/> (see <see cref="CompletedAge"/>).</param>
    /// <param name="moveDate">The date the person is insured in the new place.</param>
    /// <param name="hukouProvince">The hukou place, a 6-digit region code (only its province counts).</param>
    /// <param name="fromProvince">The place left, or null on first insurance.</param>
    /// <param name="toProvince">The place the person is insured in now.</param>
    /// <exception cref="JinBaoException">A region code is not 6 digits, the sex is unknown, or the move is before birth.</exception>
    public static bool Applies(
        Sex sex, DateOnly birthDate, DateOnly moveDate, string hukouProvince, string? fromProvince, string toProvince)
    {
        var hukou = ProvinceCodes.ProvinceOf(hukouProvince, "hukou province");
        var to = ProvinceCodes.ProvinceOf(toProvince, "destination province");
        var from = fromProvince is null ? null : ProvinceCodes.ProvinceOf(fromProvince, "origin province");
        var fromAgeMonths = sex switch
        {
            Sex.Male => MenFromAgeMonths,
            Sex.Female => WomenFromAgeMonths,
            _ => throw new JinBaoException(ErrorKind.InvalidInput, "sex-unknown", $"Sex {(int)sex} is neither male nor female."),
        };

        // spec §3.3: a man ≥ 50 or a woman ≥ 40, in completed years and months on the day of the move
        // (49 years 11 months is not yet 50).
        if (CompletedAge.Months(birthDate, moveDate) < fromAgeMonths)
        {
            return false;
        }

        // spec §3.3: a return to the hukou place is exempt.
        if (to == hukou)
        {
            return false;
        }

        // spec §3.3 item 3 (2016 rules): first insurance in a non-hukou place counts like a move there.
        if (from is null)
        {
            return true;
        }

        // spec §3.3: only moves across provinces; inside one province that province's own rules apply.
        return from != to;
    }
}
