using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Transfers;

/// <summary>An agency's own auto-approval policy replaces the configured default for its city, and only for it.</summary>
public sealed class TransferPoliciesTests
{
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");

    [Fact]
    public void AgencyPolicy_ReplacesTheConfiguredDefault_AndARefreshWithoutItRestoresIt()
    {
        var policies = TransferPolicies.FromConfiguration();
        Assert.True(policies.AutoApproves(Chengdu, TransferStatus.Applied));              // data/transfer-policies.csv
        Assert.False(policies.AutoApproves(Shenzhen, TransferStatus.ContactLetterIssued)); // not listed: by clerk

        policies.Set(Chengdu, review: false, release: false);
        policies.Set(Shenzhen, review: false, release: true);
        Assert.False(policies.AutoApproves(Chengdu, TransferStatus.Applied));
        Assert.True(policies.AutoApproves(Shenzhen, TransferStatus.ContactLetterIssued));
        Assert.False(policies.AutoApproves(Shenzhen, TransferStatus.CertificateAndFundsSent)); // the merge is never a decision
        Assert.True(policies.IsSetByAgency(Shenzhen));

        policies.Refresh(new Dictionary<string, (bool Review, bool Release)> { [Shenzhen.Value] = (false, true) });
        Assert.True(policies.AutoApproves(Chengdu, TransferStatus.Applied));               // Chengdu's row is gone: default again
        Assert.True(policies.AutoApproves(Shenzhen, TransferStatus.ContactLetterIssued));
    }

    [Fact]
    public void EachSilo_GetsItsOwnPolicies()
    {
        var one = TransferPolicies.FromConfiguration();
        var other = TransferPolicies.FromConfiguration();
        one.Set(Shenzhen, review: true, release: true);
        Assert.False(other.AutoApproves(Shenzhen, TransferStatus.Applied));
    }
}
