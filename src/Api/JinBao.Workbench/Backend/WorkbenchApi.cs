using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JinBao.Workbench.Backend;

/// <summary>
/// The province API as the signed-in clerk (or, in the portal, the signed-in person) calls it: loopback HTTP to this
/// same process, with the user's own bearer token, the reason they gave as <c>JinBao-Purpose</c> and the form's key as
/// <c>Idempotency-Key</c>. The workbench and the portal therefore get the API's authorisation, audit trail and
/// idempotency without a second copy of any of them.
/// </summary>
public sealed class WorkbenchApi(HttpClient http, string accessToken)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public Task<IReadOnlyList<CaseDto>> GetQueueAsync(string city) => GetAsync<IReadOnlyList<CaseDto>>($"agencies/{city}/cases");

    public Task<IReadOnlyList<ClosedCaseDto>> GetHistoryAsync(string city, int limit) => GetAsync<IReadOnlyList<ClosedCaseDto>>($"agencies/{city}/history?limit={limit}");

    public Task<IReadOnlyList<AgencyPersonDto>> FindPersonsAsync(string city, string name, string purpose) =>
        GetAsync<IReadOnlyList<AgencyPersonDto>>($"agencies/{city}/persons?name={Uri.EscapeDataString(name)}", purpose);

    public Task<TransferDto> GetTransferAsync(Guid id) => GetAsync<TransferDto>($"pension-transfers/{id}");

    public Task<PersonDto> GetPersonAsync(string citizenId, string purpose) => GetAsync<PersonDto>($"persons/{citizenId}", purpose);

    public Task<MedicalAccountDto> GetMedicalAsync(string citizenId, string purpose) => GetAsync<MedicalAccountDto>($"persons/{citizenId}/medical", purpose);

    public Task<IReadOnlyList<AccessDto>> GetAccessLogAsync(string citizenId, string purpose) =>
        GetAsync<IReadOnlyList<AccessDto>>($"persons/{citizenId}/access-log?limit=200", purpose);

    public Task<JsonElement> AssignAsync(string city, Guid id, string key, string clerk) =>
        PostAsync<JsonElement>($"agencies/{city}/cases/{id}/assignment", key, new { clerk });

    public Task<JsonElement> AcknowledgeAsync(string city, Guid id, string key, string? note) =>
        PostAsync<JsonElement>($"agencies/{city}/cases/{id}/acknowledgement", key, new { note });

    public Task<TransferDto> ApproveAsync(Guid id, string key, string? reason) => PostAsync<TransferDto>($"pension-transfers/{id}/approve", key, new { reason });

    public Task<TransferDto> RejectAsync(Guid id, string key, string reason) => PostAsync<TransferDto>($"pension-transfers/{id}/reject", key, new { reason });

    public Task<TransferDto> CancelAsync(Guid id, string key, string? reason) => PostAsync<TransferDto>($"pension-transfers/{id}/cancel", key, new { reason });

    public Task<PersonDto> EnrolAsync(string key, object request) => PostAsync<PersonDto>("persons", key, request);

    public Task<JsonElement> DeclareAsync(string citizenId, string key, object request) => PostAsync<JsonElement>($"persons/{citizenId}/contributions", key, request);

    public Task<JsonElement> FileForCareAsync(string citizenId, string key, object request) => PostAsync<JsonElement>($"persons/{citizenId}/medical/filings", key, request);

    public Task<TransferDto> ApplyForTransferAsync(string key, object request) => PostAsync<TransferDto>("pension-transfers", key, request);

    public Task<CertificateDto> IssueCertificateAsync(string citizenId, string key, string purpose) =>
        PostAsync<CertificateDto>($"persons/{citizenId}/certificates", key, null, purpose);

    public Task<ContactLetterDto> IssueContactLetterAsync(Guid transferId, string key) =>
        PostAsync<ContactLetterDto>($"pension-transfers/{transferId}/contact-letter", key, null);

    public Task<DocumentCheckDto> CheckDocumentAsync(string number, string code) =>
        GetAsync<DocumentCheckDto>($"documents/{Uri.EscapeDataString(number)}?code={Uri.EscapeDataString(code)}");

    public Task<IReadOnlyList<ClerkDto>> GetStaffAsync(string city) => GetAsync<IReadOnlyList<ClerkDto>>($"agencies/{city}/staff");

    public Task<CreatedClerkDto> CreateClerkAsync(string city, string user, string role) => PostAsync<CreatedClerkDto>($"agencies/{city}/staff", null, new { user, role });

    public Task SetClerkDisabledAsync(string city, string user, bool disabled) =>
        PostAsync<JsonElement?>($"agencies/{city}/staff/{Uri.EscapeDataString(user)}/{(disabled ? "disable" : "enable")}", null, null);

    public Task<TransferPolicyDto> GetPolicyAsync(string city) => GetAsync<TransferPolicyDto>($"agencies/{city}/transfer-policy");

    public Task<TransferPolicyDto> SetPolicyAsync(string city, string key, bool approveCompleteApplications, bool releaseAtOnce) =>
        PostAsync<TransferPolicyDto>($"agencies/{city}/transfer-policy", key, new { approveCompleteApplications, releaseAtOnce });

    public Task<ActivationCodeDto> IssueActivationCodeAsync(string citizenId, string purpose) =>
        PostAsync<ActivationCodeDto>($"persons/{citizenId}/activation-code", null, null, purpose);

    public Task<PensionEstimateDto> GetPensionEstimateAsync(string citizenId) => GetAsync<PensionEstimateDto>($"persons/{citizenId}/pension-estimate");

    public Task<IReadOnlyList<TransferDto>> GetTransfersOfAsync(string citizenId) => GetAsync<IReadOnlyList<TransferDto>>($"persons/{citizenId}/transfers");

    public Task<PayeeDto> GetPayeeAsync(string citizenId) => GetAsync<PayeeDto>($"persons/{citizenId}/payee");

    public Task<IReadOnlyList<PaymentLineDto>> GetPaymentsAsync(string citizenId) => GetAsync<IReadOnlyList<PaymentLineDto>>($"persons/{citizenId}/pension-payments?limit=120");

    public Task<PayeeDto> RecordVerificationAsync(string citizenId, string key, object request) => PostAsync<PayeeDto>($"persons/{citizenId}/verifications", key, request);

    public Task CancelFilingAsync(string citizenId, string filingId, string key) =>
        PostAsync<JsonElement?>($"persons/{citizenId}/medical/filings/{Uri.EscapeDataString(filingId)}/cancel", key, new { });

    public Task ChangePasswordAsync(string currentPassword, string newPassword) =>
        PostAsync<JsonElement?>("auth/password", null, new { currentPassword, newPassword });

    /// <summary>A province's live roll-ups (supervisors of a city of it).</summary>
    public Task<StatisticsDto> GetStatisticsAsync(string province) => GetAsync<StatisticsDto>($"statistics/{province}");

    public Task<NationalStatisticsDto> GetNationalStatisticsAsync() => GetAsync<NationalStatisticsDto>("statistics/national");

    /// <summary>The city's supervision alerts, newest first; <paramref name="status"/> null for every status.</summary>
    public Task<IReadOnlyList<AlertDto>> GetAlertsAsync(string city, string? status, int limit) =>
        GetAsync<IReadOnlyList<AlertDto>>($"agencies/{city}/alerts?limit={limit}" + (string.IsNullOrEmpty(status) ? "" : "&status=" + Uri.EscapeDataString(status)));

    public Task<AlertDto> AcknowledgeAlertAsync(string city, string alertId, string key) =>
        PostAsync<AlertDto>($"agencies/{city}/alerts/{Uri.EscapeDataString(alertId)}/acknowledgement", key, null);

    public Task<AlertDto> ResolveAlertAsync(string city, string alertId, string key, string note) =>
        PostAsync<AlertDto>($"agencies/{city}/alerts/{Uri.EscapeDataString(alertId)}/resolution", key, new { note });

    private async Task<T> GetAsync<T>(string path, string? purpose = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/" + path);
        return await SendAsync<T>(request, purpose);
    }

    private async Task<T> PostAsync<T>(string path, string? idempotencyKey, object? body, string? purpose = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/" + path);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await SendAsync<T>(request, purpose);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, string? purpose)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (!string.IsNullOrWhiteSpace(purpose))
        {
            // Header values are ASCII: the API decodes a percent-encoded UTF-8 purpose.
            request.Headers.TryAddWithoutValidation("JinBao-Purpose", Uri.EscapeDataString(purpose.Trim()));
        }

        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw await WorkbenchApiException.ReadAsync(response);
        }

        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}

/// <summary>An API answer other than success, as its problem details said it: shown to the clerk, never swallowed.</summary>
public sealed class WorkbenchApiException(int status, string code, string detail) : Exception($"{status} {code}: {detail}")
{
    public int Status { get; } = status;

    /// <summary>The problem's code (the last segment of its type), e.g. <c>supervisor-required</c>.</summary>
    public string Code { get; } = code;

    public string Detail { get; } = detail;

    public static async Task<WorkbenchApiException> ReadAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var type = problem.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var code = problem.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : type[(type.LastIndexOf('/') + 1)..];
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                detail = string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => v.GetString())));
                code = string.IsNullOrEmpty(code) ? "validation" : code;
            }

            return new WorkbenchApiException(status, string.IsNullOrEmpty(code) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : code, detail);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return new WorkbenchApiException(status, status.ToString(System.Globalization.CultureInfo.InvariantCulture), response.ReasonPhrase ?? "");
        }
    }
}
