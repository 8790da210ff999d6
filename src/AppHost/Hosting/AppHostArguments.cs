using System.Globalization;

using JinBao.AppHost.Topology;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// Takes the AppHost's own switches (<c>--demo</c>, <c>--demo-persons N</c>) out of the command line; the rest goes
/// to Aspire's configuration (e.g. <c>--JinBao:Topology=path</c>).
/// </summary>
public static class AppHostArguments
{
    public const int MaxDemoPersons = 20_000;

    public static (bool Demo, int? DemoPersons, string[] AspireArguments) Parse(string[] args)
    {
        var demo = false;
        int? persons = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo":
                    demo = true;
                    break;
                case "--demo-persons" when i + 1 < args.Length:
                    demo = true;
                    persons = int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxDemoPersons
                        ? count
                        : throw new TopologyException($"--demo-persons must be a whole number from 1 to {MaxDemoPersons}, not '{args[i]}'.");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return (demo, persons, [.. rest]);
    }
}
