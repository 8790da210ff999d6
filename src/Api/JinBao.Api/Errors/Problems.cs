using JinBao.Errors;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Errors;

/// <summary>
/// Every error the API answers, as RFC 9457 problem details: a stable <c>type</c> (<see cref="TypeOf"/>), a <c>code</c>
/// extension equal to the type's last segment, a human title and detail. Domain errors keep the grain's code.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://jinbao.dev/problems/";

    public const string ContentType = "application/problem+json";

    /// <summary>The stable type URI of a code, e.g. <c>https://jinbao.dev/problems/citizen-id-checksum</c>.</summary>
    public static string TypeOf(string code) => TypeBase + code;

    /// <summary>A domain error as a problem; its kind decides the status (<see cref="ErrorKinds.HttpStatus"/>, the same between clusters).</summary>
    public static ProblemHttpResult From(JinBaoException exception) =>
        Create(exception.Kind.HttpStatus(), exception.Code, TitleOf(exception.Kind), exception.Message);

    public static ProblemHttpResult Create(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            all[key] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeOf(code), extensions: all);
    }

    /// <summary>A 400 with field errors; field names are the JSON property names (camelCase) or the route parameter's.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors,
            detail: "One or more fields are invalid; see errors.",
            title: "The request is invalid",
            type: TypeOf("validation"),
            extensions: new Dictionary<string, object?> { ["code"] = "validation" });

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same answer whether the person does not exist or is outside the caller's scope: existence must not leak.</summary>
    public static ProblemHttpResult PersonNotFound() =>
        Create(StatusCodes.Status404NotFound, "person-not-found", "Not found",
            "No person with this citizen id is insured in, or in a workflow with, your region.");

    /// <summary>The same answer whether the transfer does not exist or does not involve the caller's region.</summary>
    public static ProblemHttpResult TransferNotFound() =>
        Create(StatusCodes.Status404NotFound, "transfer-not-found", "Not found",
            "No pension transfer with this id involves your region.");

    public static ProblemHttpResult Forbidden(string code, string detail) =>
        Create(StatusCodes.Status403Forbidden, code, "Not allowed", detail);

    private static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => "The request is invalid",
        ErrorKind.RuleViolation => "A rule forbids this now",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Unavailable => "Temporarily unavailable",
        _ => "The request is invalid",
    };
}
