using System.Reflection;

namespace JinBao.AppHost.Running;

/// <summary>
/// Where the build put the silo's and the API's assemblies: recorded at build time by <c>ProjectPaths.targets</c>
/// as assembly metadata, the way Aspire's generated <c>Projects.*</c> classes record project paths.
/// </summary>
public static class ProjectPaths
{
    public const string Silo = "JinBao.Silo";
    public const string Api = "JinBao.Api";

    /// <summary>The absolute path of the project's main assembly; throws when it was not built.</summary>
    public static string Get(string project)
    {
        var path = typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == project)?.Value;
        if (path is null)
        {
            throw new AppHostException($"The AppHost was built without a reference to {project}; see src/AppHost/ProjectPaths.targets.");
        }

        if (!File.Exists(path))
        {
            throw new AppHostException($"{path} does not exist: build the AppHost (dotnet build src/AppHost), which builds {project} too.");
        }

        return path;
    }
}
