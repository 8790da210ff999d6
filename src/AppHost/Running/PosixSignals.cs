using System.Runtime.InteropServices;

namespace JinBao.AppHost.Running;

/// <summary>
/// Sends a signal to a process. .NET's <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL, but a silo
/// leaves its cluster gracefully (and an API drains its requests) only on SIGTERM.
/// </summary>
public static class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>True when the signal was delivered; false when the process is already gone.</summary>
    public static bool Send(int processId, int signal) => SysKill(processId, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);
}
