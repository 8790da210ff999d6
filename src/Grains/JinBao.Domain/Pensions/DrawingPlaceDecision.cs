namespace JinBao.Pensions;

/// <summary>Where a pension is drawn and why.</summary>
/// <param name="Province">The drawing province, as a province code (e.g. 330000).</param>
/// <param name="Reason">The clause of spec §3.6 that applied.</param>
public sealed record DrawingPlaceDecision(string Province, DrawingPlaceReason Reason);
