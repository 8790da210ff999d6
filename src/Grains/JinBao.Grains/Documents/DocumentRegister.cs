using System.Security.Cryptography;
using System.Text;

using JinBao.Documents;
using JinBao.Errors;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Documents;

/// <summary>
/// This province's register of printed documents: the rows its API writes when an agency prints a certificate or a
/// contact letter (<c>jinbao_api_documents</c>, migration 0012). Both processes are the province's, on its database.
/// </summary>
public sealed class DocumentRegister(NpgsqlDataSource database)
{
    /// <summary>A number is a two-letter prefix, the issuing city's six digits, the China date and 8 hex digits.</summary>
    public static bool TryIssuingCity(string documentNumber, out RegionCode city)
    {
        city = default;
        return documentNumber.Length == 24 && documentNumber.All(char.IsAsciiLetterOrDigit)
            && RegionCode.TryParse(documentNumber[2..8], out city);
    }

    public static JinBaoException NotFound() => new(ErrorKind.NotFound, "document-not-found",
        "No document has this number with this verification code: check both against the paper.");

    /// <summary>The document, when the code is its own; an unknown number and a wrong code are alike (no oracle).</summary>
    /// <exception cref="JinBaoException"><c>document-not-found</c>.</exception>
    public async Task<CheckedDocument> FindAsync(string documentNumber, string code)
    {
        await using var command = database.CreateCommand("""
            SELECT kind, issuing_city, issued_at, citizen_id, summary::text, content_sha256, verification
            FROM jinbao_api_documents WHERE document_number = $1
            """);
        command.Parameters.AddWithValue(documentNumber);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(reader.GetString(6)), Encoding.UTF8.GetBytes(code)))
        {
            throw NotFound();
        }

        return new CheckedDocument(documentNumber, reader.GetString(0), RegionCode.Parse(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2),
            CitizenId.Parse(reader.GetString(3)), reader.GetString(4), reader.GetString(5));
    }

    /// <summary>
    /// Records that another province's caller checked a document about this person, in the audit trail the person's
    /// "who looked at my data" reads (<c>jinbao_api_audit</c>): the check read their data here, though asked from there.
    /// </summary>
    public async Task AuditCheckFromAsync(string senderCluster, DocumentChecker checker, CheckedDocument document)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO jinbao_api_audit (caller, caller_kind, caller_region, purpose, citizen_id, method, route, status_code, outcome)
            VALUES ($1, $2, $3, $4, $5, 'GET', $6, 200, $7)
            """);
        command.Parameters.AddWithValue(checker.Actor);
        command.Parameters.AddWithValue(checker.Kind);
        command.Parameters.AddWithValue(checker.City.Value);
        command.Parameters.AddWithValue(checker.Purpose);
        command.Parameters.AddWithValue(document.CitizenId.Value);
        command.Parameters.AddWithValue($"/api/v1/documents/{document.DocumentNumber}");
        command.Parameters.AddWithValue($"document-checked-via-exchange:{senderCluster}");
        await command.ExecuteNonQueryAsync();
    }
}
