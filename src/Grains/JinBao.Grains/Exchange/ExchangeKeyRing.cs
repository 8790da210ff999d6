using System.Security.Cryptography;

using Microsoft.Extensions.Options;

using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Grains.Exchange;

/// <summary>What a receiver found when it checked a document's signature.</summary>
public enum SignatureCheck
{
    Valid,

    /// <summary>No public key is configured for the claimed sender.</summary>
    UnknownSender,

    /// <summary>The signature does not match the content: forged, or altered after signing.</summary>
    Invalid,
}

/// <summary>
/// This cluster's signing key and every cluster's public key (<c>JinBao:Exchange:Keys</c>). Signs outgoing documents
/// and verifies incoming ones with ECDSA P-256 over <see cref="ExchangeDocument.CanonicalBytes"/>.
/// </summary>
public sealed class ExchangeKeyRing : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly Lock _gate = new(); // ECDsa instances are not documented as thread-safe
    private readonly string _clusterId;
    private readonly ECDsa? _signingKey;
    private readonly Dictionary<string, ECDsa> _publicKeys;

    public ExchangeKeyRing(IOptions<ExchangeOptions> options)
        : this(options.Value)
    {
    }

    public ExchangeKeyRing(ExchangeOptions options)
    {
        _clusterId = options.Cluster.Id;
        _signingKey = options.Enabled ? LoadPrivateKey(options) : null;
        _publicKeys = options.PublicKeys.ToDictionary(entry => entry.Key, entry => LoadPublicKey(entry.Key, entry.Value), StringComparer.Ordinal);
    }

    /// <summary>Signs a document as this cluster.</summary>
    /// <exception cref="InvalidOperationException">The exchange is off (no private key).</exception>
    public ExchangeDocument Sign(OutgoingDocument document)
    {
        if (_signingKey is null)
        {
            throw new InvalidOperationException("This cluster has no exchange private key (JinBao:Exchange:PrivateKeyPem or PrivateKeyPath), so it cannot send documents.");
        }

        var unsigned = new ExchangeDocument(document.DocumentId, document.Type, _clusterId, document.Receiver, document.CitizenId,
            document.TransferId, document.Payload, DateTimeOffset.FromUnixTimeMilliseconds(document.CreatedAt.ToUnixTimeMilliseconds()), "");
        byte[] signature;
        lock (_gate)
        {
            signature = _signingKey.SignData(unsigned.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        return unsigned with { Signature = Convert.ToBase64String(signature) };
    }

    /// <summary>Checks that <see cref="ExchangeDocument.Sender"/> signed exactly this content.</summary>
    public SignatureCheck Verify(ExchangeDocument document)
    {
        if (!_publicKeys.TryGetValue(document.Sender, out var key))
        {
            return SignatureCheck.UnknownSender;
        }

        Span<byte> signature = stackalloc byte[64];
        if (!Convert.TryFromBase64String(document.Signature, signature, out var length) || length != 64)
        {
            return SignatureCheck.Invalid;
        }

        lock (_gate)
        {
            return key.VerifyData(document.CanonicalBytes(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                ? SignatureCheck.Valid
                : SignatureCheck.Invalid;
        }
    }

    public void Dispose()
    {
        _signingKey?.Dispose();
        foreach (var key in _publicKeys.Values)
        {
            key.Dispose();
        }
    }

    /// <summary>Reads the configured private key; says what is wrong when it cannot.</summary>
    /// <exception cref="InvalidOperationException">Missing, unreadable, or not a P-256 key.</exception>
    public static ECDsa LoadPrivateKey(ExchangeOptions options)
    {
        string pem;
        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPem))
        {
            pem = options.PrivateKeyPem;
        }
        else if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath) && File.Exists(options.PrivateKeyPath))
        {
            pem = File.ReadAllText(options.PrivateKeyPath);
        }
        else
        {
            throw new InvalidOperationException($"JinBao:Exchange:PrivateKeyPath '{options.PrivateKeyPath}' does not name a readable file.");
        }

        return Import(pem, "JinBao:Exchange:PrivateKey");
    }

    /// <exception cref="InvalidOperationException">Not a P-256 public key PEM.</exception>
    public static ECDsa LoadPublicKey(string clusterId, string pem) => Import(pem, $"JinBao:Exchange:Keys:{clusterId}");

    private static ECDsa Import(string pem, string setting)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != P256Oid)
            {
                throw new InvalidOperationException($"{setting} is not on curve P-256 (secp256r1), which the exchange uses.");
            }

            return key;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{setting} is not an ECDSA P-256 key in PEM form ({exception.Message}).", exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
