using JinBao.Effects;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Supervision;

/// <summary>
/// An alert's life (open → acknowledged → resolved with a note). Each step is a change of the alert's row and an audit
/// event of who did it, written together.
/// </summary>
public static class AlertLifecycle
{
    /// <summary>The longest resolution note kept.</summary>
    public const int MaxNoteLength = 2000;

    public static AlertView Acknowledge(AlertView alert, Requester request, DateTimeOffset now, PendingEffects effects)
    {
        if (alert.Status != AlertStatus.Open)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "alert-not-open",
                $"Alert {alert.AlertId} is {alert.Status.ToString().ToLowerInvariant()}; only an open alert can be acknowledged.");
        }

        var acknowledged = alert with { Status = AlertStatus.Acknowledged, AcknowledgedBy = request.Actor, AcknowledgedAt = now };
        Record(acknowledged, request, now, null, effects);
        return acknowledged;
    }

    public static AlertView Resolve(AlertView alert, string? note, Requester request, DateTimeOffset now, PendingEffects effects)
    {
        if (string.IsNullOrWhiteSpace(note) || note.Length > MaxNoteLength)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "alert-note-required",
                $"Resolving an alert needs a note of 1–{MaxNoteLength} characters saying what was found and done.");
        }

        if (alert.Status == AlertStatus.Resolved)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "alert-resolved", $"Alert {alert.AlertId} was resolved already.");
        }

        var resolved = alert with { Status = AlertStatus.Resolved, ResolvedBy = request.Actor, ResolvedAt = now, ResolutionNote = note.Trim() };
        Record(resolved, request, now, resolved.ResolutionNote, effects);
        return resolved;
    }

    private static void Record(AlertView alert, Requester request, DateTimeOffset now, string? note, PendingEffects effects)
    {
        var status = alert.Status.ToString().ToLowerInvariant();
        effects.AlertChanges.Add(new AlertChange(alert.AlertId, status, request.Actor, now, note));
        var stream = $"alert:{alert.AlertId}";
        effects.Add(new AuditEvent($"{stream}:{status}", stream, $"alert-{status}", request.Actor, request.RequestId,
            System.Text.Json.JsonSerializer.Serialize(new { rule = alert.Rule.ToString(), place = alert.Place.Value, note }), now));
    }
}
