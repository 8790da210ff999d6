using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>A calendar month, the unit of contributions (缴费月份). Written <c>yyyy-MM</c>.</summary>
[GenerateSerializer, Immutable]
[JsonConverter(typeof(YearMonthJsonConverter))]
public readonly record struct YearMonth : IComparable<YearMonth>
{
    /// <summary>Creates a month.</summary>
    /// <exception cref="JinBaoException">Year outside 1900–9999 or month outside 1–12.</exception>
    public YearMonth(int year, int month)
    {
        if (year is < 1900 or > 9999 || month is < 1 or > 12)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "year-month-range",
                $"{year:D4}-{month:D2} is not a valid month (year 1900–9999, month 1–12).");
        }

        Year = year;
        Month = month;
    }

    /// <summary>The year.</summary>
    [Id(0)]
    public int Year { get; }

    /// <summary>The month, 1–12.</summary>
    [Id(1)]
    public int Month { get; }

    /// <summary>Months since year 0, so that differences are simple subtraction.</summary>
    public int Ordinal => checked((Year * 12) + Month - 1);

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day of the month.</summary>
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    /// <summary>The month a date falls in.</summary>
    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>The month <paramref name="months"/> later (or earlier when negative).</summary>
    public YearMonth AddMonths(int months)
    {
        var ordinal = checked(Ordinal + months);
        return new YearMonth(ordinal / 12, (ordinal % 12) + 1);
    }

    /// <summary>Whole months from this month to <paramref name="other"/> (negative when other is earlier).</summary>
    public int MonthsUntil(YearMonth other) => other.Ordinal - Ordinal;

    /// <summary>Parses <c>yyyy-MM</c>.</summary>
    /// <exception cref="JinBaoException">The text is not a month written <c>yyyy-MM</c>.</exception>
    public static YearMonth Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new JinBaoException(ErrorKind.InvalidInput, "year-month-format", $"'{text}' is not a month written yyyy-MM.");

    /// <summary>Parses <c>yyyy-MM</c>; false when the text is not a valid month.</summary>
    public static bool TryParse(string? text, out YearMonth value)
    {
        value = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 1900 || month is < 1 or > 12)
        {
            return false;
        }

        value = new YearMonth(year, month);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(YearMonth other) => Ordinal.CompareTo(other.Ordinal);

    /// <summary>Compares two months.</summary>
    public static bool operator <(YearMonth a, YearMonth b) => a.Ordinal < b.Ordinal;

    /// <summary>Compares two months.</summary>
    public static bool operator >(YearMonth a, YearMonth b) => a.Ordinal > b.Ordinal;

    /// <summary>Compares two months.</summary>
    public static bool operator <=(YearMonth a, YearMonth b) => a.Ordinal <= b.Ordinal;

    /// <summary>Compares two months.</summary>
    public static bool operator >=(YearMonth a, YearMonth b) => a.Ordinal >= b.Ordinal;

    /// <summary>The month written <c>yyyy-MM</c>.</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>Writes a <see cref="YearMonth"/> as <c>"yyyy-MM"</c>, also as a dictionary key.</summary>
public sealed class YearMonthJsonConverter : JsonConverter<YearMonth>
{
    /// <inheritdoc />
    public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        YearMonth.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Expected a month written yyyy-MM.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    /// <inheritdoc />
    public override YearMonth ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
