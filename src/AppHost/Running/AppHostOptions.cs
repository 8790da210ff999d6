using JinBao.AppHost.Demo;

namespace JinBao.AppHost.Running;

/// <summary>What the command line and the environment ask of this run.</summary>
/// <param name="TopologyFile">The topology to start; <c>topology.json</c> beside the AppHost unless <c>--topology</c>.</param>
/// <param name="DataFolder">Where PostgreSQL's data and the AppHost's state live: <c>JINBAO_APPHOST_DATA</c>, else <c>&lt;repo&gt;/.jinbao</c>.</param>
/// <param name="PostgresConnectionString">The server of <c>ConnectionStrings__postgres</c>; null to run our own.</param>
/// <param name="Demo">What <c>--demo</c> asks for once everything is healthy; null without it.</param>
public sealed record AppHostOptions(string TopologyFile, string DataFolder, string? PostgresConnectionString, DemoOptions? Demo = null)
{
    public const string DataFolderVariable = "JINBAO_APPHOST_DATA";
    public const string PostgresVariable = "ConnectionStrings__postgres";

    public const string Usage = """
        Usage: dotnet run --project src/AppHost [-- options]

        Starts PostgreSQL, every cluster's database, silos and API of the topology, and stops them all on Ctrl+C.

        Options:
          --topology <file>   the topology to start (default: topology.json beside the AppHost)
          --demo              once all is healthy, create demo credentials and drive synthetic persons,
                              contributions and transfers through the REST APIs (docs/demo.md)
          --demo-persons <n>  how many persons the demo enrols (default 2000; implies --demo)
          -h, --help          this text

        Environment:
          ConnectionStrings__postgres   use this PostgreSQL server instead of running one
          JINBAO_APPHOST_DATA           data folder (default: <repo>/.jinbao)

        See docs/apphost.md.
        """;

    /// <summary>The options of this run, or null when help was asked for.</summary>
    /// <exception cref="AppHostException">An unknown option, or no data folder can be found.</exception>
    public static AppHostOptions? Parse(IReadOnlyList<string> arguments)
    {
        var topology = Path.Combine(AppContext.BaseDirectory, "topology.json");
        DemoOptions? demo = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "-h" or "--help":
                    return null;
                case "--topology" when i + 1 < arguments.Count:
                    topology = Path.GetFullPath(arguments[++i]);
                    break;
                case "--demo":
                    demo ??= new DemoOptions();
                    break;
                case "--demo-persons" when i + 1 < arguments.Count:
                    demo = new DemoOptions { Persons = DemoOptions.ParsePersons(arguments[++i]) };
                    break;
                default:
                    throw new AppHostException($"Unknown option '{arguments[i]}'.\n\n{Usage}");
            }
        }

        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        return new AppHostOptions(topology, FindDataFolder(), string.IsNullOrWhiteSpace(postgres) ? null : postgres, demo);
    }

    private static string FindDataFolder()
    {
        var configured = Environment.GetEnvironmentVariable(DataFolderVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        // From the working directory first (dotnet run in the repo), then from the build output (bin/ is in the repo too).
        var root = FindRepoRoot(Environment.CurrentDirectory) ?? FindRepoRoot(AppContext.BaseDirectory)
            ?? throw new AppHostException($"No JinBao.sln above {Environment.CurrentDirectory}: run from the repository, or set {DataFolderVariable}.");
        return Path.Combine(root, ".jinbao");
    }

    private static string? FindRepoRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JinBao.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
