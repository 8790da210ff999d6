using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

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
    string DocumentId,
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
            Domain, DocumentId, Type, Sender, Receiver, CitizenId, TransferId ?? "", Payload,
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

/// <summary>A document decided by a grain and saved with its state (the grain-level outbox), not yet signed.</summary>
public sealed record OutgoingDocument(
    string DocumentId,
    string Type,
    string Receiver,
    string CitizenId,
    string? TransferId,
    string Payload,
    DateTimeOffset CreatedAt);

/// <summary>The document types of the exchange.</summary>
public static class DocumentTypes
{
    /// <summary>联系函: the new place asks the old place to release (new → old).</summary>
    public const string ContactLetter = "contact-letter";

    /// <summary>转移接续信息表 + funds: the old place's release (old → new).</summary>
    public const string CertificateAndFunds = "certificate-and-funds";

    /// <summary>The old place refuses, with its written reason (old → new).</summary>
    public const string RejectionNotice = "rejection-notice";

    /// <summary>The new place merged: the old place's part is done (new → old).</summary>
    public const string Acknowledgement = "acknowledgement";

    /// <summary>Custody of the relationship moved with a completed transfer (new → national index).</summary>
    public const string CustodyMoved = "custody-moved";

    /// <summary>清算单: the funds a transfer moved between two provinces (old → national clearing).</summary>
    public const string FundsClearing = "funds-clearing";

    /// <summary>The person stopped contributing in a province (停保/减员): its active claim ends (province → national index).</summary>
    public const string ActiveReleased = "active-released";

    /// <summary>Enrolment asks the index for the active claim; answered synchronously, never queued (province → national).</summary>
    public const string ActiveClaim = "active-claim";

    /// <summary>A care province asks the insuring province to settle a bill (2303/2304), through national; answered at once.</summary>
    public const string MedicalSettlementRequest = "medical-settlement-request";

    /// <summary>A care province asks the insuring province to reverse a settlement (2305), through national; answered at once.</summary>
    public const string MedicalReversalRequest = "medical-reversal-request";

    /// <summary>The insuring province's answer to a settlement or reversal request: the settlement as decided.</summary>
    public const string MedicalSettlementResult = "medical-settlement-result";

    /// <summary>A province asks the national clearing for a month's medical statements; answered at once.</summary>
    public const string MedicalStatementsRequest = "medical-statements-request";

    /// <summary>An insuring province confirms a month's statement towards a care province; answered at once.</summary>
    public const string MedicalClearingConfirmation = "medical-clearing-confirmation";

    /// <summary>The national clearing's answer: statements.</summary>
    public const string MedicalStatements = "medical-statements";

    /// <summary>A province asks the province that printed a document (参保缴费凭证, 联系函) what it recorded, through national; answered at once.</summary>
    public const string DocumentCheckRequest = "document-check-request";

    /// <summary>The printing province's answer: the document as it recorded it, about the person it names.</summary>
    public const string DocumentCheckAnswer = "document-check-answer";

    /// <summary>Requests answered synchronously at <c>/exchange/v1/requests</c> (the caller waits: a patient at a hospital desk).</summary>
    public static IReadOnlySet<string> Requests { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MedicalSettlementRequest, MedicalReversalRequest, MedicalStatementsRequest, MedicalClearingConfirmation, DocumentCheckRequest,
    };

    /// <summary>Types about a province pair rather than one person: their citizen id is empty.</summary>
    public static IReadOnlySet<string> WithoutPerson { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MedicalStatementsRequest, MedicalClearingConfirmation, MedicalStatements, DocumentCheckRequest,
    };

    /// <summary>Types that travel through outboxes and inboxes.</summary>
    public static IReadOnlySet<string> Queued { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ContactLetter, CertificateAndFunds, RejectionNotice, Acknowledgement, CustodyMoved, FundsClearing, ActiveReleased,
    };
}
