using JinBao.Errors;

namespace JinBao.Api.Errors;

/// <summary>
/// The innermost filter: a domain error from a grain becomes its problem result here, so the audit and idempotency
/// filters around it see an answer (and store it) rather than an exception.
/// </summary>
internal sealed partial class DomainErrorFilter(ILogger<DomainErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JinBaoException exception)
        {
            LogRefused(logger, exception.Code, exception.Kind);
            return Problems.From(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request refused by a domain rule: {Code} ({Kind})")]
    private static partial void LogRefused(ILogger logger, string code, ErrorKind kind);
}
