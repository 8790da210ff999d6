using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Exchange;

namespace JinBao.Grains.Effects;

/// <summary>The exchange's refusals, written as audit events through the effect writer like every other effect.</summary>
public sealed class ExchangeAuditTrail(EffectWriter writer) : IExchangeAuditTrail
{
    public async Task RecordAsync(string eventId, string stream, string type, string actor, string payloadJson, DateTimeOffset at)
    {
        var pending = new PendingEffects();
        pending.Add(new AuditEvent(eventId, stream, type, actor, null, payloadJson, at));
        await writer.DeliverAsync(pending);
    }
}
