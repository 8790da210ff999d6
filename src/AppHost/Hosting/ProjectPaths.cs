using System.Reflection;

using JinBao.AppHost.Topology;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// Where the build put the assemblies the AppHost launches: recorded at build time by <c>ProjectPaths.targets</c> as
/// assembly metadata, so each is built once, by this build, and run as <c>dotnet &lt;dll&gt;</c>.
/// </summary>
public static class ProjectPaths
{
    public const string Silo = "JinBao.Silo";
    public const string Api = "JinBao.Api";
    public const string Migrations = "JinBao.Migrations";
    public const string Demo = "JinBao.Demo";

    /// <summary>The absolute path of the project's main assembly; throws when it was not built.</summary>
    public static string Get(string project)
    {
        var path = typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == project)?.Value
            ?? throw new TopologyException($"The AppHost was built without a reference to {project}; see src/AppHost/ProjectPaths.targets.");
        return File.Exists(path)
            ? path
            : throw new TopologyException($"{path} does not exist: build the AppHost (dotnet build src/AppHost), which builds {project} too.");
    }
}
