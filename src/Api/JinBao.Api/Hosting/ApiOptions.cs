using JinBao.Primitives;

using Microsoft.Extensions.Options;

namespace JinBao.Api.Hosting;

/// <summary>Where the API stands and how it protects itself. Section <c>JinBao:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "JinBao:Api";

    /// <summary>The Orleans cluster the API is a client of, e.g. <c>prov-440000</c> (the silos' <c>JinBao:Silo:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>The silos' service id; grain state is keyed by it.</summary>
    public string ServiceId { get; set; } = "jinbao";

    /// <summary>How long an access token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest request body accepted, in bytes (every request is a small JSON document).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests per caller per minute (a caller is a credential or clerk account; anonymous callers by address).</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Token requests per client address per minute: slows down guessing secrets and passwords.</summary>
    public int TokenPermitsPerMinute { get; set; } = 30;

    /// <summary>How long a concurrent duplicate waits for the first request with its idempotency key to finish.</summary>
    public TimeSpan IdempotencyWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long stored idempotency records are kept before a key can be used afresh.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Refuses to start an API whose configuration is wrong, and says what to fix.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (!IsClusterId(options.ClusterId))
        {
            failures.Add($"JinBao:Api:ClusterId '{options.ClusterId}' must be the cluster's id: 'national' or 'prov-' followed by a province code, e.g. prov-440000.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("JinBao:Api:ServiceId must be set to the silos' service id (default 'jinbao').");
        }

        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromHours(12))
        {
            failures.Add($"JinBao:Api:TokenLifetime {options.TokenLifetime} must be between 1 minute and 12 hours.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 10 * 1024 * 1024)
        {
            failures.Add($"JinBao:Api:MaxRequestBodyBytes {options.MaxRequestBodyBytes} must be between 1 KiB and 10 MiB.");
        }

        if (options.PermitsPerMinute < 1 || options.TokenPermitsPerMinute < 1)
        {
            failures.Add("JinBao:Api:PermitsPerMinute and TokenPermitsPerMinute must be at least 1.");
        }

        if (options.IdempotencyWait <= TimeSpan.Zero || options.IdempotencyRetention < TimeSpan.FromHours(1))
        {
            failures.Add("JinBao:Api:IdempotencyWait must be positive and IdempotencyRetention at least 1 hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Test clusters append a suffix (prov-440000-1a2b…), so only the province part is checked.
    private static bool IsClusterId(string clusterId) =>
        clusterId == "national"
        || (clusterId.StartsWith("prov-", StringComparison.Ordinal) && clusterId.Length >= 11
            && RegionCode.TryParse(clusterId[5..11], out var province) && province.Level == RegionLevel.Province
            && !clusterId.Any(char.IsWhiteSpace));
}
