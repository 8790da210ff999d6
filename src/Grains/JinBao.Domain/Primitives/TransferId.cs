namespace JinBao.Primitives;

/// <summary>The id of one pension transfer (a GUID), also the idempotency key of every message it sends.</summary>
[GenerateSerializer, Immutable]
public readonly record struct TransferId([property: Id(0)] Guid Value)
{
    /// <summary>A new random id.</summary>
    public static TransferId New() => new(Guid.NewGuid());

    /// <summary>Parses the GUID form; false otherwise (so routes can bind it).</summary>
    public static bool TryParse(string? text, out TransferId id)
    {
        var ok = Guid.TryParse(text, out var value);
        id = new TransferId(value);
        return ok && value != Guid.Empty;
    }

    /// <summary>The GUID in its "D" form.</summary>
    public override string ToString() => Value.ToString("D");
}
