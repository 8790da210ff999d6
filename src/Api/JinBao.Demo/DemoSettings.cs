namespace JinBao.Demo;

/// <summary>
/// What the AppHost tells the demo, as environment variables: the size of the run, where the API's assembly is (its
/// admin commands make the credentials), and per province its API and its database.
/// </summary>
/// <remarks>
/// <c>JinBao__Demo__Persons</c>, <c>JinBao__Demo__ApiAssembly</c>, and for each province i
/// <c>JinBao__Demo__Provinces__i__Cluster</c>, <c>…__Url</c>, <c>…__Cities</c> (comma-separated city codes) and
/// <c>…__ConnectionString</c>.
/// </remarks>
public sealed record DemoSettings(DemoOptions Options, string ApiAssembly, IReadOnlyList<DemoProvince> Provinces)
{
    private const string Prefix = "JinBao__Demo__";

    public static DemoSettings FromEnvironment()
    {
        var persons = Environment.GetEnvironmentVariable(Prefix + "Persons");
        var options = persons is null ? new DemoOptions() : new DemoOptions { Persons = DemoOptions.ParsePersons(persons) };
        var apiAssembly = Required("ApiAssembly");
        var provinces = new List<DemoProvince>();
        for (var i = 0; Environment.GetEnvironmentVariable($"{Prefix}Provinces__{i}__Url") is { } url; i++)
        {
            provinces.Add(new DemoProvince(
                Required($"Provinces__{i}__Cluster"),
                url.TrimEnd('/'),
                Required($"Provinces__{i}__Cities").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Required($"Provinces__{i}__ConnectionString")));
        }

        return provinces.Count > 0
            ? new DemoSettings(options, apiAssembly, provinces)
            : throw new DemoException($"No province to drive: set {Prefix}Provinces__0__Url and its companions (the AppHost does).");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(Prefix + name) is { Length: > 0 } value
            ? value
            : throw new DemoException($"{Prefix}{name} is missing (the AppHost sets it when started with --demo).");
}

/// <summary>A province of the demo: its cluster id, API base URL, cities, and the database its admin commands write.</summary>
public sealed record DemoProvince(string Cluster, string Url, IReadOnlyList<string> Cities, string ConnectionString);
