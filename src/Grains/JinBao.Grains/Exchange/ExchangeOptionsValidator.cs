using Microsoft.Extensions.Options;

using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>Refuses to start a cluster whose exchange configuration could not work, and says what to fix.</summary>
public sealed class ExchangeOptionsValidator : IValidateOptions<ExchangeOptions>
{
    public ValidateOptionsResult Validate(string? name, ExchangeOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success; // standalone: nothing is sent or received
        }

        var failures = new List<string>();
        if (!JinBaoCluster.TryParse(options.ClusterId, out var cluster))
        {
            failures.Add($"JinBao:Exchange:ClusterId '{options.ClusterId}' must be 'national' or 'prov-<province code>'.");
        }

        byte[]? ownPublicKey = null;
        try
        {
            using var key = ExchangeKeyRing.LoadPrivateKey(options);
            ownPublicKey = key.ExportSubjectPublicKeyInfo();
        }
        catch (InvalidOperationException exception)
        {
            failures.Add(exception.Message);
        }

        foreach (var (clusterId, pem) in options.PublicKeys)
        {
            if (!JinBaoCluster.TryParse(clusterId, out _))
            {
                failures.Add($"JinBao:Exchange:Keys:{clusterId}: '{clusterId}' is not a cluster id ('national' or 'prov-<province code>').");
                continue;
            }

            try
            {
                using var key = ExchangeKeyRing.LoadPublicKey(clusterId, pem);
                if (clusterId == cluster.Id && ownPublicKey is not null && !key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(ownPublicKey))
                {
                    failures.Add($"JinBao:Exchange:Keys:{clusterId} is not the public half of this cluster's private key.");
                }
            }
            catch (InvalidOperationException exception)
            {
                failures.Add(exception.Message);
            }
        }

        if (cluster.IsProvince)
        {
            if (!options.PublicKeys.ContainsKey(JinBaoCluster.NationalId))
            {
                failures.Add("JinBao:Exchange:Keys:national is missing: a province must know the national exchange's public key.");
            }

            RequireUrls(failures, "JinBao:Exchange:NationalUrl", options.NationalUrl);
        }

        if (cluster.IsNational)
        {
            foreach (var (clusterId, urls) in options.ClusterRoutes)
            {
                RequireUrls(failures, $"JinBao:Exchange:Routes:{clusterId}", urls);
                if (!options.PublicKeys.ContainsKey(clusterId))
                {
                    failures.Add($"JinBao:Exchange:Keys:{clusterId} is missing: the exchange cannot verify documents from a province it routes to.");
                }
            }
        }

        if (options.PollInterval <= TimeSpan.Zero || options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay
            || options.RequestTimeout <= TimeSpan.Zero || options.BatchSize < 1)
        {
            failures.Add("JinBao:Exchange: PollInterval, RetryBaseDelay, RequestTimeout must be positive, RetryMaxDelay ≥ RetryBaseDelay, BatchSize ≥ 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireUrls(List<string> failures, string setting, string? urls)
    {
        var list = ExchangeOptions.SplitUrls(urls);
        if (list.Count == 0)
        {
            failures.Add($"{setting} is missing: give the base URL(s) of that cluster's silos, e.g. http://127.0.0.1:8080.");
        }

        foreach (var url in list)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{setting}: '{url}' is not an absolute http(s) URL.");
            }
        }
    }
}
