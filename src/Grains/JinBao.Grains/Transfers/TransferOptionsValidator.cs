using Microsoft.Extensions.Options;

using JinBao.Transfers;

namespace JinBao.Grains.Transfers;

/// <summary>Refuses to start a silo whose transfer settings could not work, and says what to fix.</summary>
public sealed class TransferOptionsValidator : IValidateOptions<TransferOptions>
{
    // A step's deadline is a day; a check every minute up to once a day keeps escalations on the right day.
    private static readonly TimeSpan MaxCheckPeriod = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, TransferOptions options)
    {
        var failures = new List<string>();
        if (!(options.DeadlineCheckPeriod > TimeSpan.Zero && options.DeadlineCheckPeriod <= MaxCheckPeriod))
        {
            failures.Add($"{TransferOptions.SectionName}:DeadlineCheckPeriod is {options.DeadlineCheckPeriod}; set a period above zero and at most a day (e.g. 01:00:00).");
        }

        if (!(options.PolicyRefreshPeriod >= TimeSpan.FromMilliseconds(100) && options.PolicyRefreshPeriod <= TimeSpan.FromHours(1)))
        {
            failures.Add($"{TransferOptions.SectionName}:PolicyRefreshPeriod is {options.PolicyRefreshPeriod}; set a period from 00:00:00.1 to an hour (e.g. 00:00:30).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
