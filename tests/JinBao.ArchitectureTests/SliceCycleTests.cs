using System.Text;

namespace JinBao.ArchitectureTests;

/// <summary>
/// A ratchet on the dependency cycles between JinBao.Grains' slices: the cycles of today are listed and allowed,
/// a new one fails, and a listed one that is gone fails too, so the list only shrinks (issue 13, "One workflow, one
/// folder").
/// </summary>
/// <remarks>
/// A cycle is recorded as its edges: <c>A → B</c> is listed when A depends on B and B reaches A again. Listing edges
/// rather than whole cycles keeps the ratchet tight: a new dependency inside an existing tangle is a new edge on a
/// cycle and fails, even though the set of slices caught in cycles stays the same.
/// </remarks>
public sealed class SliceCycleTests
{
    private static readonly (string From, string To)[] KnownCycles =
    [
        // Exchange is the hub: it names the workflows it hands documents to, and they name it to send documents.
        // issue 13: remove when the exchange receiver no longer writes effects and audit itself (EffectWriter, PendingEffects).
        ("Exchange", "Effects"),
        // issue 13: remove when Effects no longer signs and queues exchange documents itself (ExchangeKeyRing, ExchangeJson, ExchangeSignal).
        ("Effects", "Exchange"),
        // issue 13: remove when the document dispatcher no longer calls the clearing grain directly.
        ("Exchange", "Clearing"),
        // issue 13: remove when Exchange no longer names Clearing (ClearingGrain then only builds documents, the direction meant to stay).
        ("Clearing", "Exchange"),
        // issue 13: remove when the document dispatcher no longer calls ITransferExchangeGrain and reads FundsClearingPayload.
        ("Exchange", "Transfers"),
        // issue 13: remove when Exchange no longer names Transfers (the transfer grain sending documents is meant to stay).
        ("Transfers", "Exchange"),
        // issue 13: remove when the receiver and dispatcher no longer call the person index grain (active claims) directly.
        ("Exchange", "Index"),
        // issue 13: remove when Exchange no longer names Index (NationalIndexClient using the exchange is meant to stay).
        ("Index", "Exchange"),

        // Cycles only through the Exchange hub above (e.g. Transfers → Effects → Exchange → Transfers): they go when it does.
        // issue 13: remove when the slice no longer reaches back through Exchange (Effects → Exchange, Clearing → Exchange…).
        ("Transfers", "Effects"),
        ("Transfers", "Index"),
        ("Index", "Effects"),
        ("Clearing", "Effects"),
        ("Clearing", "Transfers"),
    ];

    private const int CausesShown = 8;

    private static readonly Lazy<SliceGraph> Graph = new(() => SliceGraph.Of(typeof(JinBao.Hosting.GrainsSiloBuilderExtensions).Assembly));

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
            + "Issue 13 is removing the known cycles; add none.");
        if (shared.Count > 0)
        {
            message.AppendLine($"Every new cycle passes through {string.Join(" and ", shared)}: most likely the new dependency.");
        }

        message.AppendLine().AppendLine("Cycles (the unlisted edge first):");
        foreach (var (unlisted, cycle) in cycles)
        {
            message.AppendLine($"  {string.Join(" → ", cycle.Select(e => SliceGraph.Namespace(e.From)))} → {SliceGraph.Namespace(unlisted.From)}");
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
            .Append("JinBao.Grains.Abstractions. Do not add it to SliceCycleTests.KnownCycles: that list only shrinks (docs/architecture.md).");
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void KnownCycles_AreAllStillThere()
    {
        var gone = KnownCycles
            .Select(k => (Known: k, Edge: Graph.Value.Edge(k.From, k.To)))
            .Where(k => k.Edge is null || Graph.Value.WayBack(k.Edge) is null)
            .Select(k => $"  (\"{k.Known.From}\", \"{k.Known.To}\"): {SliceGraph.Namespace(k.Known.From)} → {SliceGraph.Namespace(k.Known.To)} "
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
