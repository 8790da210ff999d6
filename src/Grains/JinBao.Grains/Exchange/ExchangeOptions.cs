using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// Section <c>JinBao:Exchange</c>: this cluster's part in the national exchange. The exchange is on when a private key
/// is configured; without one the cluster is standalone (see <see cref="JinBaoCluster.Standalone"/>).
/// </summary>
public sealed class ExchangeOptions
{
    public const string SectionName = "JinBao:Exchange";

    /// <summary>This cluster: <c>national</c> or <c>prov-440000</c>. The silo host fills it from <c>JinBao:Silo:ClusterId</c>.</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>This cluster's ECDSA P-256 private key (PKCS#8 or SEC1 PEM). A secret: never logged.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>A file holding the private key PEM, instead of <see cref="PrivateKeyPem"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Every cluster's public key (SubjectPublicKeyInfo PEM) by cluster id (<c>national</c>, <c>prov-440000</c>; a bare province code works too).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Province clusters: the national exchange's base URL(s), separated by <c>;</c> (each is tried in turn).</summary>
    public string? NationalUrl { get; set; }

    /// <summary>National cluster: each province cluster's base URL(s) by cluster id, separated by <c>;</c>.</summary>
    public Dictionary<string, string> Routes { get; set; } = [];

    /// <summary>How often the outbox relay and the inbox dispatcher look for due work (documents this silo writes are handed to its relay at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay after a first failed delivery; it doubles with each attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between two delivery attempts of one document.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one HTTP call to another cluster may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one send may take over every URL of the receiver (a national forward waits for two calls): the lease of a
    /// claimed or just-written outbox row, during which no other relay takes it.
    /// </summary>
    public TimeSpan SendLimit => RequestTimeout * 2;

    /// <summary>How many due documents one relay or dispatcher pass claims.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>True when a private key is configured: the cluster signs, sends and receives documents.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(PrivateKeyPem) || !string.IsNullOrWhiteSpace(PrivateKeyPath);

    /// <summary>The cluster identity the grains use: standalone unless the exchange is on.</summary>
    public JinBaoCluster Cluster => Enabled && JinBaoCluster.TryParse(ClusterId, out var cluster) ? cluster : JinBaoCluster.Standalone;

    /// <summary>The public keys with bare province codes turned into cluster ids.</summary>
    public IReadOnlyDictionary<string, string> PublicKeys => Normalise(Keys);

    /// <summary>The routes with bare province codes turned into cluster ids.</summary>
    public IReadOnlyDictionary<string, string> ClusterRoutes => Normalise(Routes);

    /// <summary>Splits a <c>;</c>-separated URL list.</summary>
    public static IReadOnlyList<string> SplitUrls(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, string> Normalise(Dictionary<string, string> byCluster) =>
        byCluster.ToDictionary(
            entry => entry.Key.Length == 6 && entry.Key.All(char.IsAsciiDigit) ? JinBaoCluster.ProvincePrefix + entry.Key : entry.Key,
            entry => entry.Value,
            StringComparer.Ordinal);
}
