namespace JinBao.Demo;

/// <summary>A city of the demo: its province's API as the city system and as one of its clerks.</summary>
public sealed record DemoCity(string Code, string Province, DemoApi System, DemoApi Clerk);

/// <summary>A synthetic person and where their contributions stand: months are counted as year × 12 + month − 1.</summary>
public sealed class DemoPerson(string citizenId, string hukou, DemoCity city, int firstMonth)
{
    public string CitizenId { get; } = citizenId;

    /// <summary>The name the first enrolment gives; later enrolments keep it. Never printed: the demo's console is a log.</summary>
    public string? Name { get; init; }

    public string Hukou { get; } = hukou;

    public DemoCity City { get; set; } = city;

    public int FirstMonth { get; } = firstMonth;

    /// <summary>The next month to declare.</summary>
    public int NextMonth { get; set; } = firstMonth;

    public TransferKind? Moves { get; init; }

    /// <summary>Stays insured in Shenzhen, lives in Chengdu and is treated there (off-site medical settlement).</summary>
    public bool TreatedInChengdu { get; init; }

    /// <summary>False when the enrolment was refused: nothing more is done for this person.</summary>
    public bool Enrolled { get; set; }

    public static string Month(int month) => $"{month / 12:0000}-{(month % 12) + 1:00}";

    public static DateOnly FirstDay(int month) => new(month / 12, (month % 12) + 1, 1);
}
