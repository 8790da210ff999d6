using System.Globalization;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>A data folder for one test's AppHost (what <c>.jinbao/</c> is for a developer), deleted afterwards.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder()
    {
        // As root the AppHost runs PostgreSQL as user postgres, which cannot enter root's TMPDIR under /root.
        var root = Environment.UserName == "root" ? "/tmp" : Path.GetTempPath();
        Folder = Path.Combine(root, "jinbao-apphost-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public void Dispose()
    {
        // Only after a failed test can a postmaster still run here; it must not outlive its deleted folder.
        var pidFile = Path.Combine(Folder, "pgdata", "postmaster.pid");
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var postmaster))
        {
            AppHostProcess.Kill(postmaster, AppHostProcess.SigKill);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A postmaster still exiting may hold a file for a moment; a leftover folder in /tmp is harmless.
        }
    }
}
