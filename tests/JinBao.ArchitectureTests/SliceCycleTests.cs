using System.Text;

namespace JinBao.ArchitectureTests;

/// <summary>
/// No dependency cycle between JinBao.Grains' slices (issue 13, "One workflow, one folder"). It began as a ratchet:
/// the cycles of the day were listed and allowed, a new one failed, and a listed one that was gone failed too, so the
/// list could only shrink. It is empty now, and the mechanism stays for the rare cycle a change must carry for a while.
/// </summary>
/// <remarks>
/// A cycle is recorded as its edges: <c>A → B</c> is listed when A depends on B and B reaches A again. Listing edges
/// rather than whole cycles keeps the ratchet tight: a new dependency inside an existing tangle is a new edge on a
/// cycle and fails, even though the set of slices caught in cycles stays the same.
/// </remarks>
public sealed class SliceCycleTests
{
    // Empty since 2026-12-05: the exchange names no workflow (each registers its handlers) and audits through a port
    // the effects implement. A cycle now fails outright; list one here only with the issue that will remove it.
    private static readonly (string From, string To)[] KnownCycles = [];

    private const int CausesShown = 8;

    private static readonly Lazy<SliceGraph> Graph = new(() => SliceGraph.Of(typeof(JinBao.Grains.Hosting.GrainsSiloBuilderExtensions).Assembly, "JinBao.Grains"));

    private static readonly Lazy<SliceGraph> DomainGraph = new(() => SliceGraph.Of(typeof(JinBao.Primitives.Money).Assembly, "JinBao"));

    /// <summary>
    /// The domain's namespaces depend one way too: primitives and the ledger at the bottom, the pension rules above them,
    /// then persons and transfers, with no way back (a transfer's certificate carries pension months, not a person).
    /// </summary>
    [Fact]
    public void DomainNamespaces_HaveNoCycle()
    {
        var graph = DomainGraph.Value;
        var onCycles = graph.Edges.Where(e => graph.WayBack(e) is not null).ToList();
        Assert.True(onCycles.Count == 0, "JinBao.Domain's namespaces depend on each other in a cycle; move the shared type down (to Primitives, "
            + "Pensions or Ledger) or drop the dependency:\n" + string.Join("\n", onCycles.Select(e => $"  {e}: {string.Join("; ", e.Causes.Take(CausesShown))}")));
    }

    [Fact]
    public void Slices_HaveNoCycleBeyondTheKnownOnes()
    {
        var graph = Graph.Value;
        var known = KnownCycles.ToHashSet();
        var cycles = graph.Edges
            .Where(e => !known.Contains((e.From, e.To)))
            .Select(e => graph.WayBack(e) is { } back ? (Unlisted: e, Cycle: (IReadOnlyList<SliceEdge>)[e, .. back]) : default)
            .Where(c => c.Unlisted is not null)
            .ToList();
        if (cycles.Count == 0)
        {
            return;
        }

        // One new dependency usually puts several old ones on a cycle too; the unlisted edge every new cycle shares is the culprit.
        var shared = cycles.Select(c => c.Cycle.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)).Where(e => !known.Contains((e.From, e.To))).ToList();
        var message = new StringBuilder();
        message.AppendLine($"{cycles.Count} slice dependencies of JinBao.Grains that SliceCycleTests.KnownCycles does not list now lie on a cycle. "
            + "Slices depend one way: register a handler or declare a port instead (docs/architecture.md).");
        if (shared.Count > 0)
        {
            message.AppendLine($"Every new cycle passes through {string.Join(" and ", shared)}: most likely the new dependency.");
        }

        message.AppendLine().AppendLine("Cycles (the unlisted edge first):");
        foreach (var (unlisted, cycle) in cycles)
        {
            message.AppendLine($"  {string.Join(" → ", cycle.Select(e => e.From))} → {unlisted.From}");
        }

        message.AppendLine().AppendLine("The types behind each dependency on those cycles:");
        foreach (var edge in cycles.SelectMany(c => c.Cycle).Distinct().OrderBy(e => !shared.Contains(e)).ThenBy(e => e.ToString(), StringComparer.Ordinal))
        {
            message.AppendLine($"  {edge}{(shared.Contains(edge) ? " (on every new cycle)" : "")}:");
            foreach (var cause in edge.Causes.Take(CausesShown))
            {
                message.AppendLine($"    {cause}");
            }

            if (edge.Causes.Count > CausesShown)
            {
                message.AppendLine($"    … and {edge.Causes.Count - CausesShown} more");
            }
        }

        message.AppendLine().Append("Remove the new dependency, or move the type it needs into the slice that uses it or into ")
            .Append("JinBao.Domain (a value or a rule) or JinBao.Grains.Abstractions (a grain interface). Do not add it to SliceCycleTests.KnownCycles: that list only shrinks (docs/architecture.md).");
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void KnownCycles_AreAllStillThere()
    {
        var gone = KnownCycles
            .Select(k => (Known: k, Edge: Graph.Value.Edge(k.From, k.To)))
            .Where(k => k.Edge is null || Graph.Value.WayBack(k.Edge) is null)
            .Select(k => $"  (\"{k.Known.From}\", \"{k.Known.To}\"): {k.Known.From} → {k.Known.To} "
                + (k.Edge is null ? "is no longer a dependency" : "is no longer on a cycle"))
            .ToList();

        Assert.True(gone.Count == 0,
            $"{gone.Count} known cycle(s) are gone; well done. Remove them from SliceCycleTests.KnownCycles so they cannot come back "
            + $"(and from docs/architecture.md):\n{string.Join("\n", gone)}");
    }

    [Fact]
    public void KnownCycles_ListEachEdgeOnce() =>
        Assert.Equal(KnownCycles.Length, KnownCycles.Distinct().Count());
}
