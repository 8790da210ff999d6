using ArchUnitNET.Loader;

namespace JinBao.ArchitectureTests;

/// <summary>A dependency of one JinBao.Grains slice on another, and the type-to-type dependencies that make it.</summary>
internal sealed record SliceEdge(string From, string To, IReadOnlyList<string> Causes)
{
    public override string ToString() => $"{From} → {To}";
}

/// <summary>
/// The dependencies between the top-level namespaces ("slices") of one assembly — JinBao.Grains.Persons,
/// JinBao.Grains.Exchange… of the grains; JinBao.Persons, JinBao.Ledger… of the domain — from its compiled types:
/// fields, properties, signatures, attributes and method bodies (ArchUnitNET reads the IL).
/// </summary>
/// <remarks>
/// Only dependencies on the assembly's own types count. The grains use the domain and the contracts below them by
/// design (a grain asks the domain's rules and calls another grain through its interface), so a use of them is no
/// coupling between slices. Orleans' generated code (OrleansCodeGen.*) is skipped: it mirrors the declared types,
/// whose dependencies are counted already.
/// </remarks>
internal sealed class SliceGraph
{
    private readonly Dictionary<(string From, string To), SliceEdge> _edges;

    private SliceGraph(Dictionary<(string From, string To), SliceEdge> edges) => _edges = edges;

    public IEnumerable<SliceEdge> Edges => _edges.Values.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal);

    /// <summary>The graph of <paramref name="assembly"/>'s slices: the namespaces one level below <paramref name="root"/>, and the root itself.</summary>
    public static SliceGraph Of(System.Reflection.Assembly assembly, string root)
    {
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var causes = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var type in architecture.Types.Where(t => t.Assembly?.FullName == assembly.FullName))
        {
            if (SliceOf(type.Namespace?.FullName, root) is not { } from)
            {
                continue;
            }

            foreach (var target in type.Dependencies.Select(d => d.Target))
            {
                // Generic parameters and unresolved references have no assembly or namespace: they name no slice.
                if (target is null || target.Assembly?.FullName != assembly.FullName || SliceOf(target.Namespace?.FullName, root) is not { } to || to == from)
                {
                    continue;
                }

                if (!causes.TryGetValue((from, to), out var pairs))
                {
                    causes[(from, to)] = pairs = new SortedSet<string>(StringComparer.Ordinal);
                }

                pairs.Add($"{type.FullName} → {target.FullName}");
            }
        }

        return new SliceGraph(causes.ToDictionary(c => c.Key, c => new SliceEdge(c.Key.From, c.Key.To, [.. c.Value])));
    }

    public SliceEdge? Edge(string from, string to) => _edges.GetValueOrDefault((from, to));

    /// <summary>The shortest chain of edges from <paramref name="from"/> to <paramref name="to"/>, or null when there is none.</summary>
    public IReadOnlyList<SliceEdge>? PathBetween(string from, string to)
    {
        var cameBy = new Dictionary<string, SliceEdge>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        while (queue.Count > 0)
        {
            var slice = queue.Dequeue();
            if (slice == to)
            {
                var path = new List<SliceEdge>();
                for (var at = to; at != from; at = cameBy[at].From)
                {
                    path.Insert(0, cameBy[at]);
                }

                return path;
            }

            foreach (var edge in Edges.Where(e => e.From == slice && seen.Add(e.To)))
            {
                cameBy[edge.To] = edge;
                queue.Enqueue(edge.To);
            }
        }

        return null;
    }

    /// <summary>The way back that makes <paramref name="edge"/> part of a cycle, or null when it is on none.</summary>
    public IReadOnlyList<SliceEdge>? WayBack(SliceEdge edge) => PathBetween(edge.To, edge.From);

    // JinBao.Grains.Exchange.Signing → "JinBao.Grains.Exchange"; the root namespace is a slice of its own; anything else is not ours.
    private static string? SliceOf(string? ns, string root) =>
        ns == root ? root
        : ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal) ? $"{root}.{ns[(root.Length + 1)..].Split('.')[0]}"
        : null;
}
