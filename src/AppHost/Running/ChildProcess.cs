using System.Diagnostics;
using System.Text;

namespace JinBao.AppHost.Running;

/// <summary>
/// A silo or API process: its output copied line by line to the console under its resource name, started in a
/// session of its own so that Ctrl+C in the terminal reaches only the AppHost, which then stops the processes in
/// dependency order (APIs before silos) instead of all of them at once.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    // Output still in the pipe when the process exits is copied out, but a grandchild holding the pipe open must not
    // keep us waiting forever.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly string? Setsid = Executables.FindOnPath("setsid");

    private readonly Process _process;

    private ChildProcess(Process process, Task<int> exited)
    {
        _process = process;
        Id = process.Id;
        Exited = exited;
    }

    public int Id { get; }

    /// <summary>Completes with the exit code (128 + signal when killed by a signal) once the process has exited.</summary>
    public Task<int> Exited { get; }

    /// <summary>False when <c>setsid</c> is missing, so the terminal's Ctrl+C also reaches the children directly.</summary>
    public static bool OwnSession => Setsid is not null;

    public static ChildProcess Start(
        string resourceName,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        ConsoleLog log)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // setsid execs the program in place (a freshly forked child is not a group leader), so the id stays the program's.
        if (Setsid is not null)
        {
            startInfo.FileName = Setsid;
            startInfo.ArgumentList.Add(fileName);
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new AppHostException($"Could not start {fileName} for {resourceName}.");
        var stdout = CopyLinesAsync(process.StandardOutput, resourceName, error: false, log);
        var stderr = CopyLinesAsync(process.StandardError, resourceName, error: true, log);
        return new ChildProcess(process, WaitForExitAsync(process, stdout, stderr));
    }

    /// <summary>Asks the process to stop (SIGTERM); a .NET host then runs its graceful shutdown.</summary>
    public void Terminate() => Signal(PosixSignals.SigTerm);

    /// <summary>Stops the process at once (SIGKILL).</summary>
    public void Kill() => Signal(PosixSignals.SigKill);

    public void Dispose() => _process.Dispose();

    private void Signal(int signal)
    {
        // Once exited, the id may already belong to someone else's process.
        if (!Exited.IsCompleted)
        {
            PosixSignals.Send(Id, signal);
        }
    }

    private static async Task<int> WaitForExitAsync(Process process, Task stdout, Task stderr)
    {
        await process.WaitForExitAsync();
        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            // Lines still held by a grandchild are lost; the exit itself is what matters here.
        }

        return process.ExitCode;
    }

    private static async Task CopyLinesAsync(StreamReader reader, string resourceName, bool error, ConsoleLog log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            log.Write(resourceName, line, error);
        }
    }
}
