namespace JinBao.Portal.Hosting;

/// <summary>The portal's settings (<c>JinBao:Portal</c>).</summary>
public sealed class PortalOptions
{
    public const string SectionName = "JinBao:Portal";

    /// <summary>
    /// Other provinces' portals by province code (<c>JinBao:Portal:Provinces:510000 = https://…/portal</c>): where a person
    /// whose pension relationship moved to that province is sent, since that province keeps their record from then on.
    /// </summary>
    public Dictionary<string, string> Provinces { get; set; } = [];
}
