using System.Diagnostics;

namespace JinBao.Postgres;

/// <summary>
/// PostgreSQL refuses to run as root, so when we are root its programs run as the service user <c>postgres</c> (through
/// setpriv, as <c>src/AppHost/postgres-run.sh</c> runs the AppHost's server) and the folders they write are given to it.
/// </summary>
public static class PostgresServiceUser
{
    public const string Name = "postgres";

    // Long enough for initdb and pg_ctl's own -t waits on a loaded 2-core machine; a hung program must not hang a test run.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="program"/>, as the service user when we are root, and returns how it ended.</summary>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/> (120 s unless given); it is killed.</exception>
    public static Task<ProgramResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan? timeout = null) =>
        IsRoot
            ? RunProcessAsync("setpriv", ["--reuid", Name, "--regid", Name, "--init-groups", "--", program, .. arguments], program, timeout)
            : RunProcessAsync(program, arguments, program, timeout);

    /// <summary>When we are root, gives <paramref name="paths"/> (with what is inside them if <paramref name="recursive"/>) to the service user.</summary>
    public static async Task OwnAsync(IReadOnlyList<string> paths, bool recursive = false)
    {
        if (!IsRoot)
        {
            return;
        }

        IReadOnlyList<string> options = recursive ? ["-R"] : [];
        var result = await RunProcessAsync("chown", [.. options, $"{Name}:{Name}", .. paths], "chown", timeout: null);
        result.ThrowIfFailed($"Could not give {string.Join(", ", paths)} to user {Name}.");
    }

    private static async Task<ProgramResult> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, string program, TimeSpan? timeout)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new PostgresLaunchException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        using var expiry = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(expiry.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {limit.TotalSeconds} s.");
        }

        return new ProgramResult(program, process.ExitCode, await output, await error);
    }
}
