namespace JinBao.Primitives;

/// <summary>Who asks for a change and under which request: recorded with every audit event.</summary>
/// <param name="Actor">The authenticated caller, e.g. <c>city:440300</c> or <c>clerk:zhang.li@440300</c>.</param>
/// <param name="RequestId">The caller's idempotency key or request id, when there is one.</param>
[GenerateSerializer, Immutable, Alias("jinbao.requester")]
public sealed record Requester(string Actor, string? RequestId)
{
    /// <summary>A change made by the platform itself (year-end interest, deadlines).</summary>
    public static Requester System { get; } = new("system", null);
}
