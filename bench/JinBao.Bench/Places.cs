using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Bench;

/// <summary>The cities and callers the scenarios use (those of the integration tests' journeys).</summary>
public static class Places
{
    public static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    public static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    public static readonly RegionCode Beijing = RegionCode.Parse("110100");

    public static readonly Requester ShenzhenSystem = new("city:440300", null);
    public static readonly Requester ChengduSystem = new("city:510100", null);
    public static readonly Requester BeijingHospital = new("city:110100", null);
    public static readonly Requester ChengduHospital = new("city:510100/hospital-7", null);
}
