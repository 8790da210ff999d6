using System.Runtime.InteropServices;

namespace JinBao.FaultTests.Topology;

/// <summary>Signals .NET's Process API does not send: SIGTERM, which a service manager uses to stop a process cleanly.</summary>
internal static class Posix
{
    private const int SigTerm = 15;

    public static void Terminate(int processId)
    {
        if (Kill(processId, SigTerm) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != 3) // ESRCH: it has just exited
            {
                throw new InvalidOperationException($"kill({processId}, SIGTERM) failed with errno {error}.");
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
