using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// Where the exchange records what it refused: the cluster's audit trail. The effects slice, which owns audit events
/// and their one write path, implements it, so the exchange (which the effects use to sign and queue documents) does
/// not depend back on the effects.
/// </summary>
public interface IExchangeAuditTrail
{
    /// <summary>Appends one audit event, committed before this returns; a replay of <paramref name="eventId"/> changes nothing.</summary>
    Task RecordAsync(string eventId, string stream, string type, string actor, string payloadJson, DateTimeOffset at);
}
