namespace JinBao.Effects;

/// <summary>
/// An alert a supervision rule raised (<c>jinbao_alerts</c>), open. Its id names the rule and what it is about, so the
/// same finding raised again (an event counted again after a crash) inserts nothing.
/// </summary>
/// <remarks><c>FactsJson</c> holds what <c>Detail</c> says (English) as a JSON object of strings, for pages in other languages.</remarks>
public sealed record AlertRow(string AlertId, string Rule, string Place, string Subject, string Detail, DateTimeOffset RaisedAt, string FactsJson = "{}");

/// <summary>A supervisor moved an alert on (acknowledged it, or resolved it with a note).</summary>
public sealed record AlertChange(string AlertId, string Status, string By, DateTimeOffset At, string? Note);
