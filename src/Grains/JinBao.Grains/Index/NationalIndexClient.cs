using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Index;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.Options;

namespace JinBao.Grains.Index;

/// <summary>
/// A province asks the national person index, synchronously, for a person's active claim before enrolling them
/// (重复参保 check). Fails closed: when the index cannot be reached the enrolment is refused as retryable.
/// </summary>
public sealed class NationalIndexClient(ExchangeKeyRing keys, ExchangeHttp http, IOptions<ExchangeOptions> options, JinBaoCluster cluster, TimeProvider clock)
{
    public const string ClaimsPath = "exchange/v1/index/claims";

    /// <summary>Claims the person for <paramref name="city"/>'s province.</summary>
    /// <exception cref="JinBaoException">
    /// <c>person-active-in-another-province</c> (rule) naming the province, or <c>national-index-unavailable</c>
    /// (<see cref="ErrorKind.Unavailable"/>: nothing changed, retry later).
    /// </exception>
    public async Task<ActiveClaimResult> ClaimActiveAsync(CitizenId citizenId, RegionCode city, long sequence, Requester request)
    {
        var document = keys.Sign(ExchangeJson.Create(DocumentId.New(), DocumentTypes.ActiveClaim, JinBaoCluster.NationalId,
            citizenId.Value, null, new ActiveClaimPayload(city.Province, city, sequence, request.Actor), clock.GetUtcNow()));
        ActiveClaimResult? result;
        try
        {
            using var response = await http.PostAsync(ExchangeOptions.SplitUrls(options.Value.NationalUrl), ClaimsPath,
                JsonSerializer.Serialize(document, ExchangeJson.Wire), CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                throw new ExchangeUnreachableException($"the national exchange refused {cluster.Id}'s claim with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null);
            }

            result = await response.Content.ReadFromJsonAsync<ActiveClaimResult>(ExchangeJson.Payload);
        }
        catch (Exception exception) when (exception is ExchangeUnreachableException or JsonException)
        {
            throw new JinBaoException(ErrorKind.Unavailable, "national-index-unavailable",
                "The national person index cannot be reached, so the enrolment cannot be checked against the other provinces (重复参保); " +
                $"nothing was changed: try again later. ({exception.Message})");
        }

        if (result is null)
        {
            throw new JinBaoException(ErrorKind.Unavailable, "national-index-unavailable", "The national person index gave no answer; nothing was changed: try again later.");
        }

        if (!result.Granted)
        {
            var active = result.ActiveProvince!.Value;
            throw new JinBaoException(ErrorKind.RuleViolation, "person-active-in-another-province",
                $"The person is already insured and active in {active.Value} ({active.EnglishName}, {active.Name}); a person can be enrolled in one province at a time (重复参保). " +
                "Their employer there must report that they left (停保/减员) before they can be enrolled here; then apply for a transfer of the relationship.");
        }

        return result;
    }
}
