using System.Reflection;
using System.Security.Cryptography;
using System.Text;

using JinBao.Api.Auth;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> header of a POST (1–100 visible ASCII characters; a quoted structured-field string is
/// accepted too). Scoped by the caller, it also becomes the command id the grains dedupe by, so a request re-executed
/// after a crash cannot create a second transfer or declaration.
/// </summary>
public sealed record IdempotencyKey(string? Value)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 100;

    public bool IsValid => Value is { Length: > 0 and <= MaxLength } && Value.All(c => c is > ' ' and <= '~');

    /// <summary>The key as given; only valid keys reach handlers (the idempotency filter refuses the rest).</summary>
    public string Text => IsValid ? Value! : throw new InvalidOperationException("The idempotency filter lets only valid keys through.");

    /// <summary>The transfer id a transfer application with this key gets: the same for a retry, distinct across callers.</summary>
    public TransferId TransferIdFor(Caller caller)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"transfer|{caller.Subject}|{Text}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), so it is a well-formed UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new TransferId(new Guid(hash.AsSpan(0, 16), bigEndian: true));
    }

    /// <summary>The filing id an off-site care filing with this key gets: short, URL-safe, the same for a retry.</summary>
    public string FilingIdFor(Caller caller) =>
        "F" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"filing|{caller.Subject}|{Text}")).AsSpan(0, 10));

    /// <summary>The declaration id a contribution declaration with this key gets.</summary>
    public string DeclarationIdFor(Caller caller) => $"{caller.Subject}/{Text}";

    public static ValueTask<IdempotencyKey> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(Read(context.Request));

    public static IdempotencyKey Read(HttpRequest request)
    {
        var header = request.Headers[HeaderName];
        if (header.Count != 1)
        {
            return new IdempotencyKey((string?)null);
        }

        var value = header[0]?.Trim();
        if (value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return new IdempotencyKey(value);
    }
}

/// <summary>
/// Endpoint metadata: the route keeps no idempotency record and takes no <c>Idempotency-Key</c> (its response may carry a
/// one-time secret, and a retry is safe without one); the OpenAPI document then does not ask for the header.
/// </summary>
public sealed class NoIdempotencyRecord
{
    public static readonly NoIdempotencyRecord Instance = new();

    private NoIdempotencyRecord()
    {
    }
}
