using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Errors;
using JinBao.Exchange;

using Microsoft.Extensions.Options;

namespace JinBao.Grains.Exchange;

/// <summary>What a synchronous request got: a signed answer, or a refusal with its status, code and sentence.</summary>
public sealed record ExchangeAnswer(int Status, string Code, string Detail, ExchangeDocument? Document)
{
    public static ExchangeAnswer Refused(ExchangeReceipt receipt) => new(receipt.Status, receipt.Code, receipt.Detail, null);

    public ExchangeReceipt Receipt => new(Status, Code, Detail);
}

/// <summary>
/// Synchronous requests between clusters (<c>POST /exchange/v1/requests</c>): a province asks national, and national
/// routes a person's request on to the province that insures them. Each answer is a document signed by the cluster
/// that decided, checked here before anyone acts on it.
/// </summary>
public sealed class ExchangeRequestClient(ExchangeKeyRing keys, ExchangeHttp http, IOptions<ExchangeOptions> options, JinBaoCluster cluster, TimeProvider clock)
{
    public const string RequestsPath = "exchange/v1/requests";

    /// <summary>Signs a request to national and returns the verified answer document of <paramref name="answerType"/>.</summary>
    /// <exception cref="JinBaoException">The refusal as a domain error (400/404/409 keep their kind), or <paramref name="unavailableCode"/>.</exception>
    public async Task<ExchangeDocument> AskNationalAsync(string type, string citizenId, object payload, string answerType, string unavailableCode)
    {
        var request = keys.Sign(ExchangeJson.Create(DocumentId.New(), type, JinBaoCluster.NationalId, citizenId, null, payload, clock.GetUtcNow()));
        var answer = await SendAsync(ExchangeOptions.SplitUrls(options.Value.NationalUrl), request, hops: 2);
        if (answer.Document is { } document)
        {
            if (keys.Verify(document) == SignatureCheck.Valid && document.Type == answerType && document.Receiver == cluster.Id)
            {
                return document;
            }

            answer = new ExchangeAnswer(503, "exchange-answer-invalid", $"The answer to {type} was not a valid {answerType} signed for {cluster.Id}.", null);
        }

        var kind = answer.Status switch
        {
            400 => ErrorKind.InvalidInput,
            404 => ErrorKind.NotFound,
            409 => ErrorKind.RuleViolation,
            _ => ErrorKind.Unavailable,
        };
        throw new JinBaoException(kind, kind == ErrorKind.Unavailable ? unavailableCode : answer.Code,
            kind == ErrorKind.Unavailable ? $"Nothing was changed; try again with the same ids. ({answer.Code}: {answer.Detail})" : answer.Detail);
    }

    /// <summary>
    /// National: forwards a request, as its sender signed it, to the cluster that decides it, and passes back only an
    /// answer that cluster signed. An unreachable cluster is <paramref name="unreachableCode"/> (503).
    /// </summary>
    public async Task<ExchangeAnswer> ForwardAsync(ExchangeDocument request, string target, string unreachableCode)
    {
        var answer = await SendAsync(ExchangeOptions.SplitUrls(options.Value.ClusterRoutes.GetValueOrDefault(target)), request);
        if (answer.Document is not { } document)
        {
            return answer.Code == "cluster-unreachable"
                ? ExchangeAnswer.Refused(new ExchangeReceipt(503, unreachableCode, $"{target} cannot be reached: {answer.Detail}"))
                : answer;
        }

        return keys.Verify(document) == SignatureCheck.Valid && document.Sender == target
            ? answer
            : ExchangeAnswer.Refused(new ExchangeReceipt(503, "exchange-answer-invalid", $"The answer from {target} is not signed by it."));
    }

    /// <summary>POSTs a signed request to a cluster; a refusal keeps the answering cluster's status, code and sentence.</summary>
    public async Task<ExchangeAnswer> SendAsync(IReadOnlyList<string> urls, ExchangeDocument request, int hops = 1)
    {
        try
        {
            using var response = await http.PostAsync(urls, RequestsPath, JsonSerializer.Serialize(request, ExchangeJson.Wire), CancellationToken.None, hops);
            if (response.IsSuccessStatusCode)
            {
                var document = await response.Content.ReadFromJsonAsync<ExchangeDocument>(ExchangeJson.Wire);
                return new ExchangeAnswer((int)response.StatusCode, "answered", "", document);
            }

            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return new ExchangeAnswer((int)response.StatusCode, Text(problem, "code") ?? "exchange-refused", Text(problem, "detail") ?? "", null);
        }
        catch (ExchangeUnreachableException exception)
        {
            return new ExchangeAnswer(503, "cluster-unreachable", exception.Message, null);
        }
        catch (JsonException exception)
        {
            return new ExchangeAnswer(503, "exchange-answer-invalid", exception.Message, null);
        }
    }

    private static string? Text(JsonDocument problem, string name) =>
        problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
