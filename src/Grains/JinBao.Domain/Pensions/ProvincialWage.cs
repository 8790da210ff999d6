using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>A province's all-caliber average monthly wage of urban-unit employees for one year.</summary>
/// <param name="Province">The province, a 6-digit region code (only its province counts).</param>
/// <param name="Year">The year the wage was earned in.</param>
/// <param name="AverageMonthlyWage">The average wage per month.</param>
public sealed record ProvincialWage(string Province, int Year, Money AverageMonthlyWage);
