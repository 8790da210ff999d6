using Microsoft.Extensions.Options;

using JinBao.Clearing;

namespace JinBao.Grains.Clearing;

/// <summary>Refuses to start a silo whose prepayment settings (spec §4.6, marked unverified there) make no sense.</summary>
public sealed class MedicalPrepaymentOptionsValidator : IValidateOptions<MedicalPrepaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, MedicalPrepaymentOptions options)
    {
        var section = MedicalPrepaymentOptions.SectionName;
        var failures = new List<string>();
        if (options.MinimumAdvanceYuan is < 1 or > 100_000_000_000)
        {
            failures.Add($"{section}:MinimumAdvanceYuan is {options.MinimumAdvanceYuan}; set the smallest advance in yuan, from 1 to 100,000,000,000.");
        }

        if (options.AdvanceMonths is < 1 or > 12)
        {
            failures.Add($"{section}:AdvanceMonths is {options.AdvanceMonths}; the advance covers 1 to 12 months of last year's payments (about 2).");
        }

        if (options.TopUpAtUsage is <= 0 or > 1)
        {
            failures.Add($"{section}:TopUpAtUsage is {options.TopUpAtUsage}; a share of the advance above 0 and at most 1 (about 0.70).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
