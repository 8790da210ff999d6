namespace JinBao.AppHost.Resources;

/// <summary>Aspire's <c>WaitFor</c>, keeping the resource's own type so declarations chain.</summary>
public static class ResourceExtensions
{
    /// <summary>Start <paramref name="resource"/> only once <paramref name="dependency"/> is healthy, and stop it first.</summary>
    public static T WaitFor<T>(this T resource, Resource dependency)
        where T : Resource
    {
        resource.AddDependency(dependency);
        return resource;
    }

    /// <summary><see cref="WaitFor{T}(T, Resource)"/> for each of <paramref name="dependencies"/>.</summary>
    public static T WaitFor<T>(this T resource, IEnumerable<Resource> dependencies)
        where T : Resource
    {
        foreach (var dependency in dependencies)
        {
            resource.AddDependency(dependency);
        }

        return resource;
    }
}
