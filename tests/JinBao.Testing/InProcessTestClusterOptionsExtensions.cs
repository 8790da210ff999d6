using System.Reflection;
using Orleans.TestingHost;

namespace JinBao.Testing;

public static class InProcessTestClusterOptionsExtensions
{
    private const string PropertyName = "UseTestClusterMembership";

    /// <summary>
    /// Turns off the test cluster's in-memory membership table so silos and client use the clustering provider
    /// configured by the test (ADO.NET on PostgreSQL).
    /// </summary>
    /// <remarks>
    /// Orleans 10.4.2 declares <c>InProcessTestClusterOptions.UseTestClusterMembership</c> internal (it is public
    /// on TestClusterOptions and on Orleans' main branch), and with it left on, the cluster registers its own
    /// IMembershipTable after ours, which wins. Replace this with the plain setter once a release makes it public.
    /// </remarks>
    public static void UseRealMembership(this InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(PropertyName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                $"InProcessTestClusterOptions.{PropertyName} no longer exists; check how this Orleans version turns off test membership.");
        property.SetValue(options, false);
    }
}
