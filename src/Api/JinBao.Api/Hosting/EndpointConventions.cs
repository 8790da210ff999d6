namespace JinBao.Api.Hosting;

/// <summary>The error responses every /api/v1 route documents.</summary>
public static class EndpointConventions
{
    public static RouteHandlerBuilder WithStandardProblems(this RouteHandlerBuilder builder)
    {
        builder.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return builder;
    }

    /// <summary>POST routes also answer 413/415 for bodies and 422 for an idempotency key reused with another request.</summary>
    public static RouteHandlerBuilder WithPostProblems(this RouteHandlerBuilder builder) =>
        builder.WithStandardProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
