using System.Globalization;

namespace JinBao.AppHost.Running;

/// <summary>
/// One AppHost per data folder: two would fight over the same PostgreSQL data and the same ports. The lock is an
/// exclusive open of <c>apphost.lock</c>, which .NET takes as an advisory file lock and the kernel drops when the
/// process dies, however it dies.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static DataFolderLock Acquire(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, "apphost.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            }

            return new DataFolderLock(stream);
        }
        catch (IOException ex)
        {
            throw new AppHostException($"Another AppHost is already running on {dataFolder} (its pid is in {path}). Stop it first.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
