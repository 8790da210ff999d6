namespace JinBao.AppHost.Resources;

/// <summary>An address a developer opens: the API, its OpenAPI page, a silo's dashboard.</summary>
/// <param name="Label">What it is, e.g. <c>dashboard</c>.</param>
/// <param name="Url">The absolute URL.</param>
/// <param name="CheckServed">Whether the resource table should say when it does not answer 200 (yet).</param>
public sealed record ResourceUrl(string Label, string Url, bool CheckServed = false);
