using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

using JinBao.Primitives;

namespace JinBao.Exchange;

/// <summary>
/// One signed cross-province document (联系函, 转移接续信息表, 清算单...): the unit the exchange stores, forwards and
/// dedupes. <see cref="DocumentId"/> is derived from the business fact (see <see cref="DocumentIds"/>), so a step
/// that is redone after a crash sends the same document again, which receivers recognise.
/// </summary>
/// <param name="DocumentId">Globally unique, deterministic per fact (a GUID in its "D" form).</param>
/// <param name="Type">One of <see cref="DocumentTypes"/>.</param>
/// <param name="Sender">The cluster that wrote and signed it (<c>prov-510000</c>).</param>
/// <param name="Receiver">The cluster it is for (<c>prov-440000</c> or <c>national</c>); the national exchange forwards.</param>
/// <param name="CitizenId">The person it concerns (personal data: never logged, see <see cref="Primitives.CitizenId.Masked"/>).</param>
/// <param name="TransferId">The transfer it belongs to, when it belongs to one.</param>
/// <param name="Payload">The type's content as JSON text, signed byte for byte.</param>
/// <param name="CreatedAt">When the sender decided it (UTC, whole milliseconds).</param>
/// <param name="Signature">ECDSA P-256 / SHA-256 over <see cref="CanonicalBytes"/>, IEEE P1363 form, base64.</param>
[GenerateSerializer, Immutable, Alias("jinbao.exchange-document")]
public sealed record ExchangeDocument(
    DocumentId DocumentId,
    string Type,
    string Sender,
    string Receiver,
    string CitizenId,
    string? TransferId,
    string Payload,
    DateTimeOffset CreatedAt,
    string Signature)
{
    private const string Domain = "jinbao-exchange-document-v1";

    /// <summary>
    /// The signed bytes: a domain tag, then every field but the signature as a 4-byte big-endian length and its UTF-8
    /// bytes, in declaration order. Length prefixes make the encoding unambiguous (no field can borrow another's bytes).
    /// </summary>
    public byte[] CanonicalBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Payload.Length);
        foreach (var field in new[]
        {
            Domain, DocumentId.Value, Type, Sender, Receiver, CitizenId, TransferId ?? "", Payload,
            CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), bytes.Length);
            buffer.Advance(4);
            buffer.Write(bytes);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
