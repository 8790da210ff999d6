using JinBao.Clearing;
using JinBao.Grains.Clearing;
using JinBao.Grains.Transfers;
using JinBao.Transfers;

namespace JinBao.UnitTests.Hosting;

/// <summary>Settings that could not work stop a silo at start, each saying which setting and what to set.</summary>
public sealed class OptionsValidatorsTests
{
    [Fact]
    public void TransferOptions_Defaults_AreValid_AndAZeroOrHugeCheckPeriodIsNamed()
    {
        var validator = new TransferOptionsValidator();

        Assert.True(validator.Validate(null, new TransferOptions()).Succeeded);
        Assert.True(validator.Validate(null, new TransferOptions { DeadlineCheckPeriod = TimeSpan.FromSeconds(2) }).Succeeded);
        foreach (var period in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromDays(2) })
        {
            var result = validator.Validate(null, new TransferOptions { DeadlineCheckPeriod = period });
            Assert.True(result.Failed);
            Assert.Contains("JinBao:Transfers:DeadlineCheckPeriod", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MedicalPrepaymentOptions_Defaults_AreValid_AndEachBadSettingIsNamed()
    {
        var validator = new MedicalPrepaymentOptionsValidator();

        Assert.True(validator.Validate(null, new MedicalPrepaymentOptions()).Succeeded);
        var result = validator.Validate(null, new MedicalPrepaymentOptions { MinimumAdvanceYuan = 0, AdvanceMonths = 13, TopUpAtUsage = 1.5m });
        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        foreach (var setting in new[] { "MinimumAdvanceYuan", "AdvanceMonths", "TopUpAtUsage" })
        {
            Assert.Contains($"JinBao:MedicalClearing:{setting}", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
