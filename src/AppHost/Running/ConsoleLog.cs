namespace JinBao.AppHost.Running;

/// <summary>
/// The one place that writes to the console: every line carries the name of the resource it comes from
/// (<c>[silo-440300] ...</c>, <c>[apphost] ...</c>), so the interleaved output of many processes stays readable.
/// </summary>
public sealed class ConsoleLog
{
    public const string AppHostName = "apphost";

    private static readonly ConsoleColor[] Palette =
    [
        ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta,
        ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkYellow, ConsoleColor.DarkMagenta,
    ];

    // Whole lines only: without it two processes' lines could interleave mid-line, or one line get another's colour.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colours = new(StringComparer.Ordinal);
    private readonly bool _useColour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    /// <summary>A line from the AppHost itself.</summary>
    public void Info(string message) => Write(AppHostName, message, error: false);

    /// <summary>A problem of the AppHost itself, on standard error.</summary>
    public void Error(string message) => Write(AppHostName, message, error: true);

    /// <summary>A line a resource's process wrote to its standard output or standard error.</summary>
    public void Write(string resource, string line, bool error)
    {
        var writer = error ? Console.Error : Console.Out;
        lock (_gate)
        {
            if (_useColour)
            {
                Console.ForegroundColor = resource == AppHostName ? ConsoleColor.White : ColourOf(resource);
                writer.Write($"[{resource}]");
                Console.ResetColor();
                writer.WriteLine(" " + line);
            }
            else
            {
                writer.WriteLine($"[{resource}] {line}");
            }
        }
    }

    /// <summary>Lines printed as one block (the resource table), unprefixed.</summary>
    public void Block(IEnumerable<string> lines)
    {
        lock (_gate)
        {
            foreach (var line in lines)
            {
                Console.Out.WriteLine(line);
            }
        }
    }

    private ConsoleColor ColourOf(string resource)
    {
        if (!_colours.TryGetValue(resource, out var colour))
        {
            colour = Palette[_colours.Count % Palette.Length];
            _colours[resource] = colour;
        }

        return colour;
    }
}
