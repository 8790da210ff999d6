using System.Globalization;

using JinBao.Data;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>One catalogue item of a care province.</summary>
public sealed record CatalogueItem(string Code, string Name, ItemClass Class, decimal PayFirstRatio, Money? PriceLimit);

/// <summary>
/// The catalogues of the places of care (就医地目录, spec §4.2): the care place splits every fee line by its own
/// catalogue, whatever the patient's insuring place. Loaded from <c>data/medical-catalogue.csv</c>.
/// </summary>
public sealed class MedicalCatalogue(IEnumerable<(string CareProvince, CatalogueItem Item)> items)
{
    private readonly Dictionary<(string, string), CatalogueItem> _items = items.ToDictionary(i => (i.CareProvince, i.Item.Code), i => i.Item);

    /// <summary>The catalogues of <c>data/medical-catalogue.csv</c>, shipped inside the assembly.</summary>
    public static MedicalCatalogue Official { get; } = new(EmbeddedData.ReadCsv("medical-catalogue.csv").Select(row => (
        RegionCode.Parse(row[0]).Value,
        new CatalogueItem(row[1], row[2], Enum.Parse<ItemClass>(row[3]), decimal.Parse(row[4], CultureInfo.InvariantCulture),
            row[5].Length == 0 ? null : Money.FromYuan(decimal.Parse(row[5], CultureInfo.InvariantCulture))))));

    /// <summary>The item, or null when the care province's catalogue does not list it (then it is fully self-paid).</summary>
    public CatalogueItem? Find(RegionCode careProvince, string code) =>
        _items.GetValueOrDefault((careProvince.Province.Value, code));

    /// <summary>
    /// Splits a bill line by line (spec §4.3): class C and unlisted items fully self-paid; the part of a unit price above
    /// the limit over-limit; of the rest, class B's pay-first share self-paid and the remainder in scope; class A in scope.
    /// </summary>
    /// <exception cref="JinBaoException">An empty bill, a non-positive quantity or a negative price.</exception>
    public FeeSplit Split(RegionCode careProvince, IReadOnlyList<FeeLine> lines)
    {
        if (lines.Count == 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "bill-empty", "A bill needs at least one fee line.");
        }

        Money total = default, ownPay = default, overLimit = default, preSelfPay = default, inScope = default;
        foreach (var line in lines)
        {
            if (line.Quantity <= 0 || line.UnitPrice.IsNegative)
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "fee-line-invalid",
                    $"Fee line {line.ItemCode}: quantity must be positive and the unit price not negative.");
            }

            var amount = line.UnitPrice * line.Quantity;
            total += amount;
            var item = Find(careProvince, line.ItemCode);
            if (item is null || item.Class == ItemClass.C)
            {
                ownPay += amount;
                continue;
            }

            var allowed = item.PriceLimit is { } limit && line.UnitPrice > limit ? limit * line.Quantity : amount;
            overLimit += amount - allowed;
            var payFirst = item.Class == ItemClass.B ? allowed.MultiplyBy(item.PayFirstRatio) : Money.Zero;
            preSelfPay += payFirst;
            inScope += allowed - payFirst;
        }

        return new FeeSplit(total, ownPay, overLimit, preSelfPay, inScope);
    }
}
