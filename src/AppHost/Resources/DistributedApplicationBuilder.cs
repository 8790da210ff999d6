using JinBao.AppHost.Running;

namespace JinBao.AppHost.Resources;

/// <summary>
/// Declares the resource graph, as Aspire's builder does: <c>AddPostgres</c>, <c>AddDatabase</c>,
/// <c>AddProject</c>, each wired with <c>WaitFor</c>; <see cref="Build"/> gives the application that runs it.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly List<Func<CancellationToken, Task>> _afterHealthy = [];

    internal DistributedApplicationBuilder(AppHostOptions options, ConsoleLog log)
    {
        Options = options;
        Log = log;
        Children = new ChildRegistry(Path.Combine(options.DataFolder, "apphost.pids"), log);
    }

    public AppHostOptions Options { get; }

    internal ConsoleLog Log { get; }

    internal ChildRegistry Children { get; }

    public PostgresResource AddPostgres(string name) => Add(new PostgresResource(name, this));

    /// <summary>A .NET project launched as <c>dotnet <paramref name="assemblyPath"/></c>; see <see cref="ProjectPaths"/>.</summary>
    public ProjectResource AddProject(string name, string kind, string assemblyPath) =>
        Add(new ProjectResource(name, kind, assemblyPath, Children, Log));

    /// <summary>
    /// Work to run once every resource is healthy (the demo), cancelled by the stop signal; the resources are stopped
    /// only after it has returned.
    /// </summary>
    public DistributedApplicationBuilder OnAllHealthy(Func<CancellationToken, Task> work)
    {
        _afterHealthy.Add(work);
        return this;
    }

    /// <summary>A declared resource by name, for work that needs it (a database's connection string).</summary>
    public T Get<T>(string name)
        where T : Resource =>
        _resources.OfType<T>().SingleOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No {typeof(T).Name} called {name} is declared.", nameof(name));

    public DistributedApplication Build() => new(_resources, Options, Log, Children, _afterHealthy);

    internal T Add<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new ArgumentException($"A resource called {resource.Name} is already declared.", nameof(resource));
        }

        _resources.Add(resource);
        return resource;
    }
}
