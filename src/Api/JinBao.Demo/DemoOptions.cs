using System.Globalization;


namespace JinBao.Demo;

/// <summary>How big the demo is; every loop is bounded by these numbers.</summary>
public sealed record DemoOptions
{
    public const int DefaultPersons = 2000;
    public const int MaxPersons = 20_000;

    /// <summary>Persons enrolled with a contribution history.</summary>
    public int Persons { get; init; } = DefaultPersons;

    /// <summary>Requests in flight at once across every API; modest, since all of it shares two cores.</summary>
    public int Concurrency { get; init; } = 6;

    /// <summary>Share of persons moving Guangzhou → Shenzhen, and Shenzhen → Chengdu (each about one in ten).</summary>
    public int TransferEvery { get; init; } = 10;

    public static int ParsePersons(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var persons) && persons is >= 1 and <= MaxPersons
            ? persons
            : throw new DemoException($"--demo-persons must be a whole number from 1 to {MaxPersons}, not '{text}'.");
}
