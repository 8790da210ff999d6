namespace JinBao.Errors;

/// <summary>What kind of mistake an error is, so every host maps it to the same outcome (HTTP status, log level).</summary>
public enum ErrorKind
{
    /// <summary>The input itself is malformed or out of range (HTTP 400).</summary>
    InvalidInput,

    /// <summary>The input is well formed but a business rule forbids it in the current state (HTTP 409/422).</summary>
    RuleViolation,

    /// <summary>The thing referred to does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>
    /// A system the operation depends on cannot be reached now (e.g. the national person index); nothing changed and
    /// the same request can be retried later (HTTP 503).
    /// </summary>
    Unavailable,
}

/// <summary>What each kind of error is over HTTP, the same for the public API and between clusters.</summary>
public static class ErrorKinds
{
    /// <summary>Bad input 400, a rule of the current state 409, an unknown resource 404, a dependency down 503 (retry later).</summary>
    public static int HttpStatus(this ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => 400,
        ErrorKind.RuleViolation => 409,
        ErrorKind.NotFound => 404,
        _ => 503,
    };
}

/// <summary>
/// Base of every error the domain raises on purpose. <see cref="Code"/> is stable and machine readable
/// (it becomes the ProblemDetails <c>type</c> suffix); the message says what is wrong and how to fix it.
/// </summary>
/// <remarks>
/// An operation that throws a <see cref="JinBaoException"/> has changed nothing, with one exception: an
/// <see cref="ErrorKind.Unavailable"/> <c>storage-unavailable</c> may follow a commit whose answer was lost, so the change
/// may stand. Every such operation is idempotent under its ids, so the retry it asks for applies it once either way.
/// </remarks>
[GenerateSerializer]
public class JinBaoException : Exception
{
    /// <summary>Creates an error of the given kind with a stable code and a human message.</summary>
    public JinBaoException(ErrorKind kind, string code, string message)
        : base(message)
    {
        Kind = kind;
        Code = code;
    }

    /// <summary>What kind of mistake this is.</summary>
    [Id(0)]
    public ErrorKind Kind { get; }

    /// <summary>A stable, kebab-case identifier of the rule that failed, e.g. <c>citizen-id-checksum</c>.</summary>
    [Id(1)]
    public string Code { get; }
}
