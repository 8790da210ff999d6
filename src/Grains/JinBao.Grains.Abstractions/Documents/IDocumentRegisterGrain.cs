using JinBao.Primitives;

namespace JinBao.Documents;

/// <summary>Who checks a printed document, as the issuing place records it in its audit trail for the person to see.</summary>
/// <param name="Actor">The authenticated caller, e.g. <c>clerk:chen@440300</c>.</param>
/// <param name="Kind">The caller's kind as the audit trail writes it: <c>city-system</c>, <c>clerk</c> or <c>supervisor</c>.</param>
/// <param name="City">The caller's city.</param>
/// <param name="Purpose">The reason the caller gave.</param>
[GenerateSerializer, Immutable, Alias("jinbao.document-checker")]
public sealed record DocumentChecker(string Actor, string Kind, RegionCode City, string Purpose);

/// <summary>A printed document as its issuer recorded it when it was printed.</summary>
/// <param name="DocumentNumber">The number on the paper: a prefix, the issuing city, the China date and a random part.</param>
/// <param name="Kind"><c>contribution-certificate</c> or <c>contact-letter</c>.</param>
/// <param name="IssuingCity">The city whose agency printed it.</param>
/// <param name="IssuedAt">When it was printed.</param>
/// <param name="CitizenId">The person it is about (the checker's API shows it masked).</param>
/// <param name="SummaryJson">The figures the issuer recorded (totals, the transfer's places), as JSON.</param>
/// <param name="ContentSha256">The hash of the document as printed.</param>
[GenerateSerializer, Immutable, Alias("jinbao.checked-document")]
public sealed record CheckedDocument(
    string DocumentNumber, string Kind, RegionCode IssuingCity, DateTimeOffset IssuedAt, CitizenId CitizenId, string SummaryJson, string ContentSha256);

/// <summary>
/// The register of printed documents (参保缴费凭证, 联系函) by number and verification code. A document printed in
/// this province is read from its own database; one printed in another province is asked of that province through
/// the national exchange, so the place a person hands the paper to can check it wherever it was printed.
/// </summary>
[Alias("jinbao.IDocumentRegisterGrain")]
public interface IDocumentRegisterGrain : IGrainWithIntegerKey
{
    /// <summary>What the issuer recorded for this number, when <paramref name="code"/> is its verification code.</summary>
    /// <exception cref="Errors.JinBaoException">
    /// <c>document-not-found</c> (<see cref="Errors.ErrorKind.NotFound"/>) for an unknown number or a wrong code, alike;
    /// <c>document-check-unavailable</c> when the issuing province cannot be reached (try again).
    /// </exception>
    [Alias("check")]
    Task<CheckedDocument> CheckAsync(string documentNumber, string code, DocumentChecker checker);
}
