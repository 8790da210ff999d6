using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Persons;
using JinBao.Api.Transfers;
using JinBao.Documents;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Documents;

/// <summary>One segment of a contribution certificate: the months and bases recorded at one city's agency.</summary>
public sealed record CertificateSegment(
    string City,
    SegmentStatus Status,
    int Months,
    long BasesFen,
    long IndividualAccountCreditsFen,
    long PooledFundCreditsFen,
    long IndividualAccountBalanceFen,
    TransferredToResponse? TransferredTo,
    IReadOnlyList<ContributionMonthResponse> Lines);

/// <summary>
/// A contribution certificate (参保缴费凭证) as issued: every month and base of every segment this province holds, the
/// totals, and the number and code the other place uses to check the paper it was handed.
/// </summary>
public sealed record CertificateResponse(
    string DocumentNumber,
    string VerificationCode,
    DateTimeOffset IssuedAt,
    string IssuingCity,
    string IssuedBy,
    string CitizenId,
    string? Name,
    string HukouRegion,
    IReadOnlyList<CertificateSegment> Segments,
    int TotalMonths,
    long TotalBasesFen,
    long TotalIndividualAccountBalanceFen,
    string ContentSha256);

/// <summary>A contact letter (联系函) as issued: the new place's request to the old place, with its number and code.</summary>
public sealed record ContactLetterResponse(
    string DocumentNumber,
    string VerificationCode,
    DateTimeOffset IssuedAt,
    string IssuingCity,
    string IssuedBy,
    Guid TransferId,
    string MaskedCitizenId,
    string FromCity,
    string ToCity,
    TransferStatus Status,
    string ContentSha256);

/// <summary>What a check of a document number and code answers: what the issuer recorded, never the person's full id.</summary>
public sealed record DocumentCheckResponse(
    string DocumentNumber,
    string Kind,
    string IssuingCity,
    DateTimeOffset IssuedAt,
    string MaskedCitizenId,
    JsonElement Summary,
    string ContentSha256);

/// <summary>Documents an agency prints and the other place checks (issue 18: 参保缴费凭证 with number and verification code).</summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/persons/{citizenId}/certificates", IssueCertificateAsync)
            .WithTags("Documents")
            .WithName("IssueContributionCertificate")
            .WithSummary("Issue a contribution certificate (参保缴费凭证): every month and base, with a number and a verification code")
            .WithDescription("City systems and clerks of a city that holds or held one of the person's relationships. The number and code are printed on the page; the other place checks them with GET /api/v1/documents/{number}.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithPostProblems();

        api.MapPost("/pension-transfers/{transferId}/contact-letter", IssueContactLetterAsync)
            .WithTags("Documents")
            .WithName("IssueContactLetter")
            .WithSummary("Issue the contact letter (联系函) of a transfer as a printable document with a number and a verification code")
            .WithDescription("City systems and clerks of the transfer's new place, whose letter to the old place it is. Each issue is a new document number; the old place checks it with GET /api/v1/documents/{number}.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithPostProblems();

        api.MapGet("/documents/{documentNumber}", CheckAsync)
            .WithTags("Documents")
            .WithName("CheckDocument")
            .WithSummary("Check a printed document: its number and verification code give what the issuer recorded")
            .WithDescription("Any city system or clerk of this cluster (the other place checks a paper it was handed). A document printed in another province is asked of that province through the national exchange, which records the check for the person. A wrong code answers 404, as an unknown number does; 503 document-check-unavailable when the printing province cannot be reached.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();
        return api;
    }

    public static async Task<Results<Created<CertificateResponse>, ProblemHttpResult>> IssueCertificateAsync(
        string citizenId, Caller caller, IClusterClient cluster, ApiDatabase database, TimeProvider clock, HttpContext http)
    {
        var record = await cluster.LoadVisibleAsync(caller, CitizenId.Parse(citizenId), http);
        if (record is null)
        {
            return Problems.PersonNotFound();
        }

        var segments = record.Segments.Select(segment => new CertificateSegment(
            segment.City.Value,
            segment.Status,
            segment.Months.Count,
            Money.Sum(segment.Months.Select(m => m.Base)).Fen,
            Money.Sum(segment.Months.Select(m => m.IndividualAccountCredit)).Fen,
            Money.Sum(segment.Months.Select(m => m.PooledFundCredit)).Fen,
            segment.IndividualAccountBalance.Fen,
            segment.TransferredTo?.ToResponse(),
            segment.Months.OrderBy(m => m.Month).Select(m => m.ToResponse()).ToList())).ToList();
        var issuedAt = clock.GetUtcNow();
        var issuer = caller.PlaceFor(record); // a person downloading their own is served by the city insuring them
        var (number, code) = NewNumberAndCode("JB", issuer, issuedAt);
        var certificate = new CertificateResponse(number, code, issuedAt, issuer.Value, caller.Actor, record.CitizenId.Value, record.Name,
            record.HukouRegion.Value, segments, segments.Sum(s => s.Months), segments.Sum(s => s.BasesFen),
            segments.Sum(s => s.IndividualAccountBalanceFen), "");
        certificate = certificate with { ContentSha256 = HashOf(certificate) };
        await StoreAsync(database, certificate.DocumentNumber, "contribution-certificate", record.CitizenId, issuer, caller, issuedAt, code, certificate.ContentSha256, new
        {
            totalMonths = certificate.TotalMonths,
            totalBasesFen = certificate.TotalBasesFen,
            totalIndividualAccountBalanceFen = certificate.TotalIndividualAccountBalanceFen,
            segments = segments.Select(s => new { s.City, s.Months, s.BasesFen, s.IndividualAccountBalanceFen }),
        }, http.RequestAborted);
        return TypedResults.Created($"/api/v1/documents/{number}", certificate);
    }

    public static async Task<Results<Created<ContactLetterResponse>, ProblemHttpResult>> IssueContactLetterAsync(
        string transferId, Caller caller, IClusterClient cluster, ApiDatabase database, TimeProvider clock, HttpContext http)
    {
        var view = await TransfersApi.LoadVisibleAsync(cluster, caller, TransferId.TryParse(transferId, out var parsed) ? parsed : default, http);
        if (view is null)
        {
            return Problems.TransferNotFound();
        }

        if (view.ToCity != caller.Region)
        {
            return Problems.Forbidden("contact-letter-new-place-only", $"The contact letter is the new place's ({view.ToCity.Value}) letter to the old place; {caller.Region.Value} does not issue it.");
        }

        var issuedAt = clock.GetUtcNow();
        var (number, code) = NewNumberAndCode("LX", caller.Region, issuedAt);
        var letter = new ContactLetterResponse(number, code, issuedAt, caller.Region.Value, caller.Actor, view.Id.Value, view.CitizenId.Masked,
            view.FromCity.Value, view.ToCity.Value, view.Status, "");
        letter = letter with { ContentSha256 = HashOf(letter) };
        await StoreAsync(database, number, "contact-letter", view.CitizenId, caller.Region, caller, issuedAt, code, letter.ContentSha256,
            new { transferId = view.Id.Value, fromCity = view.FromCity.Value, toCity = view.ToCity.Value }, http.RequestAborted);
        return TypedResults.Created($"/api/v1/documents/{number}", letter);
    }

    // A number that says who issued it and when (prefix, city, China date) and cannot be guessed, and a code to read off
    // paper (no 0/O or 1/I).
    private static (string Number, string Code) NewNumberAndCode(string prefix, RegionCode city, DateTimeOffset at) =>
        ($"{prefix}{city.Value}{ChinaTime.DateOf(at):yyyyMMdd}{RandomNumberGenerator.GetHexString(8)}".ToUpperInvariant(),
         RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8));

    private static string HashOf<T>(T document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document))));

    private static async Task StoreAsync(
        ApiDatabase database, string number, string kind, CitizenId citizen, RegionCode issuer, Caller caller, DateTimeOffset at, string code, string hash, object summary, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_documents (document_number, kind, citizen_id, issuing_city, issued_by, issued_at, verification, content_sha256, summary)
            VALUES (@number, @kind, @citizen, @city, @by, @at, @code, @hash, @summary::jsonb)
            """);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("citizen", citizen.Value);
        command.Parameters.AddWithValue("city", issuer.Value);
        command.Parameters.AddWithValue("by", caller.Actor);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("summary", JsonSerializer.Serialize(summary));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<Results<Ok<DocumentCheckResponse>, ProblemHttpResult>> CheckAsync(
        string documentNumber, string? code, Caller caller, IClusterClient cluster, HttpContext http)
    {
        // The register answers from this province's own documents, or asks the printing province through national.
        var number = documentNumber.Trim().ToUpperInvariant();
        var checker = new DocumentChecker(caller.Actor, caller.KindName, caller.Region, AuditFilter.PurposeOr(http, "CheckDocument"));
        var document = await cluster.GetGrain<IDocumentRegisterGrain>(0).CheckAsync(number, (code ?? "").Trim().ToUpperInvariant(), checker);
        http.AuditSubject().CitizenId = document.CitizenId;
        using var summary = JsonDocument.Parse(document.SummaryJson);
        return TypedResults.Ok(new DocumentCheckResponse(document.DocumentNumber, document.Kind, document.IssuingCity.Value,
            document.IssuedAt, document.CitizenId.Masked, summary.RootElement.Clone(), document.ContentSha256));
    }
}
