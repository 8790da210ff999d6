using System.Globalization;

using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>
/// An exact amount of CNY held as integer fen (分). Never a floating-point number.
/// </summary>
/// <remarks>
/// One rounding rule for the whole product: a rate applied to an amount is rounded to the fen half away from
/// zero (四舍五入), see <see cref="MultiplyBy"/>. Arithmetic is checked: an overflow throws rather than wraps.
/// </remarks>
[GenerateSerializer, Immutable]
public readonly record struct Money(long Fen) : IComparable<Money>
{
    /// <summary>Zero yuan.</summary>
    public static Money Zero => default;

    /// <summary>The amount in yuan, exact.</summary>
    public decimal Yuan => Fen / 100m;

    /// <summary>True when the amount is below zero.</summary>
    public bool IsNegative => Fen < 0;

    /// <summary>An amount in yuan with at most two decimals.</summary>
    /// <exception cref="JinBaoException">The amount has more than two decimals (a fraction of a fen).</exception>
    public static Money FromYuan(decimal yuan)
    {
        var fen = yuan * 100m;
        if (fen != decimal.Truncate(fen))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "money-sub-fen",
                $"{yuan.ToString(CultureInfo.InvariantCulture)} yuan has a fraction of a fen; amounts carry at most two decimals.");
        }

        return new Money(checked((long)fen));
    }

    /// <summary>This amount times a rate, rounded to the fen half away from zero (四舍五入).</summary>
    public Money MultiplyBy(decimal rate) => RoundFen(Fen * rate);

    /// <summary>
    /// The scheme's one rounding rule: an exact amount of fen to whole fen, half away from zero (四舍五入). A formula of
    /// several terms (interest, the basic pension, an advance) adds its exact terms first and rounds once, here, or the
    /// fen drift between systems that sum in another order.
    /// </summary>
    public static Money RoundFen(decimal exactFen) =>
        new(checked((long)decimal.Round(exactFen, 0, MidpointRounding.AwayFromZero)));

    /// <summary>The larger of two amounts.</summary>
    public static Money Max(Money a, Money b) => a.Fen >= b.Fen ? a : b;

    /// <summary>The smaller of two amounts.</summary>
    public static Money Min(Money a, Money b) => a.Fen <= b.Fen ? a : b;

    /// <summary>The sum of a sequence of amounts (zero when empty).</summary>
    public static Money Sum(IEnumerable<Money> amounts)
    {
        long total = 0;
        foreach (var amount in amounts)
        {
            total = checked(total + amount.Fen);
        }

        return new Money(total);
    }

    /// <inheritdoc />
    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    /// <summary>Adds two amounts.</summary>
    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));

    /// <summary>Subtracts two amounts.</summary>
    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));

    /// <summary>Negates an amount.</summary>
    public static Money operator -(Money a) => new(checked(-a.Fen));

    /// <summary>Multiplies an amount by a whole number.</summary>
    public static Money operator *(Money a, int times) => new(checked(a.Fen * times));

    /// <summary>Compares two amounts.</summary>
    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;

    /// <summary>Compares two amounts.</summary>
    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;

    /// <summary>Compares two amounts.</summary>
    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;

    /// <summary>Compares two amounts.</summary>
    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;

    /// <summary>The amount in yuan with two decimals, e.g. <c>80640.00</c>.</summary>
    public override string ToString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);
}
