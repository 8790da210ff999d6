using ArchUnitNET.Loader;

namespace JinBao.ArchitectureTests;

/// <summary>A dependency of one JinBao.Grains slice on another, and the type-to-type dependencies that make it.</summary>
internal sealed record SliceEdge(string From, string To, IReadOnlyList<string> Causes)
{
    public override string ToString() => $"{SliceGraph.Namespace(From)} → {SliceGraph.Namespace(To)}";
}

/// <summary>
/// The dependencies between the top-level namespaces ("slices": JinBao.Persons, JinBao.Exchange…) of JinBao.Grains,
/// from its compiled types: fields, properties, signatures, attributes and method bodies (ArchUnitNET reads the IL).
/// </summary>
/// <remarks>
/// Only dependencies on JinBao.Grains' own types count. The contracts in JinBao.Grains.Abstractions share the same
/// namespaces but are meant to be used by every slice (a grain calls another through its interface), so a use of
/// them is no coupling between implementations. Orleans' generated code (OrleansCodeGen.*) is skipped: it mirrors the
/// declared types, whose dependencies are counted already.
/// </remarks>
internal sealed class SliceGraph
{
    private const string Root = "JinBao";

    private readonly Dictionary<(string From, string To), SliceEdge> _edges;

    private SliceGraph(Dictionary<(string From, string To), SliceEdge> edges) => _edges = edges;

    public IEnumerable<SliceEdge> Edges => _edges.Values.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal);

    public static SliceGraph Of(System.Reflection.Assembly assembly)
    {
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var causes = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var type in architecture.Types.Where(t => t.Assembly?.FullName == assembly.FullName))
        {
            if (SliceOf(type.Namespace?.FullName) is not { } from)
            {
                continue;
            }

            foreach (var target in type.Dependencies.Select(d => d.Target))
            {
                // Generic parameters and unresolved references have no assembly or namespace: they name no slice.
                if (target is null || target.Assembly?.FullName != assembly.FullName || SliceOf(target.Namespace?.FullName) is not { } to || to == from)
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

    public static string Namespace(string slice) => slice == Root ? Root : $"{Root}.{slice}";

    // JinBao.Exchange.Signing → "Exchange"; the root namespace JinBao is a slice of its own; anything else is not ours.
    private static string? SliceOf(string? ns) =>
        ns == Root ? Root
        : ns is not null && ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0]
        : null;
}
