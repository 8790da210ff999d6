using JinBao.Errors;

namespace JinBao.Pensions;

/// <summary>Reduces a 6-digit region code (GB/T 2260) to its province, the unit of cross-province pension rules.</summary>
public static class ProvinceCodes
{
    // spec conventions: for cross-province rules "place" means a province, so Shenzhen (440300) counts as
    // Guangdong (440000). Full validation of region codes belongs to the region-code type; here only the shape
    // matters, because the first two digits are all the rules read.
    /// <summary>The province code (<c>xx0000</c>) of a region code; <paramref name="role"/> names it in the error.</summary>
    public static string ProvinceOf(string? regionCode, string role)
    {
        if (regionCode is not { Length: 6 } || !regionCode.All(char.IsAsciiDigit))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "region-code-format",
                $"The {role} '{regionCode}' is not a 6-digit region code (GB/T 2260), e.g. 440000 or 440300.");
        }

        return string.Concat(regionCode.AsSpan(0, 2), "0000");
    }
}
