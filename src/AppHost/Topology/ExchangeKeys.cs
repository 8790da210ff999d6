using System.Security.Cryptography;

namespace JinBao.AppHost.Topology;

/// <summary>
/// One ECDSA P-256 signing key per cluster in <c>&lt;data folder&gt;/keys/&lt;clusterId&gt;.pem</c>: made on the first
/// run, reused afterwards, so documents signed before a restart still verify after it. Generated lazily, when the
/// first silo starts, so that nothing is written before the data folder is locked and the ports are checked.
/// </summary>
public sealed class ExchangeKeys
{
    private readonly string _folder;
    private readonly IReadOnlyList<string> _clusterIds;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _publicKeys;

    public ExchangeKeys(string dataFolder, IReadOnlyList<string> clusterIds)
    {
        _folder = Path.Combine(dataFolder, "keys");
        _clusterIds = clusterIds;
        _publicKeys = new(LoadOrCreateAll, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The private key file of <paramref name="clusterId"/> (PKCS#8 PEM, mode 0600).</summary>
    public string PrivateKeyPath(string clusterId) => Path.Combine(_folder, clusterId + ".pem");

    /// <summary>The public key (SubjectPublicKeyInfo PEM) of <paramref name="clusterId"/>; creates every key on first use.</summary>
    public string PublicKeyPem(string clusterId) => _publicKeys.Value[clusterId];

    private Dictionary<string, string> LoadOrCreateAll()
    {
        Directory.CreateDirectory(_folder);
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var clusterId in _clusterIds)
        {
            using var key = ECDsa.Create();
            var path = PrivateKeyPath(clusterId);
            if (File.Exists(path))
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            else
            {
                key.GenerateKey(ECCurve.NamedCurves.nistP256);
                WritePrivate(path, key.ExportPkcs8PrivateKeyPem());
            }

            keys[clusterId] = key.ExportSubjectPublicKeyInfoPem();
        }

        return keys;
    }

    // Created with 0600 from the start (never readable by others, not even for a moment), then renamed into place so a
    // crash mid-write cannot leave a truncated key that the next run would fail to read.
    private static void WritePrivate(string path, string pem)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(pem);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
