using Microsoft.Extensions.Options;

namespace JinBao.Transfers;

/// <summary>Refuses to start a silo whose transfer settings could not work, and says what to fix.</summary>
public sealed class TransferOptionsValidator : IValidateOptions<TransferOptions>
{
    // A step's deadline is a day; a check every minute up to once a day keeps escalations on the right day.
    private static readonly TimeSpan MaxCheckPeriod = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, TransferOptions options) =>
        options.DeadlineCheckPeriod > TimeSpan.Zero && options.DeadlineCheckPeriod <= MaxCheckPeriod
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{TransferOptions.SectionName}:DeadlineCheckPeriod is {options.DeadlineCheckPeriod}; set a period above zero and at most a day (e.g. 01:00:00).");
}
