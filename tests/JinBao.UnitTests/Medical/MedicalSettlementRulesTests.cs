using JinBao.Errors;
using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.UnitTests.Medical;

public sealed class MedicalSettlementRulesTests
{
    private static readonly RegionCode Beijing = RegionCode.Parse("110000");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly DateOnly November = new(2026, 11, 10);

    /// <summary>spec §4.4: bill 50,000; 丙 3,000; 乙 10,000 with 10% pay-first (1,000); in scope 46,000.</summary>
    private static FeeSplit SpecBill() => MedicalCatalogue.Official.Split(Beijing,
    [
        new FeeLine("B92-SELF", 1, Money.FromYuan(3000)),
        new FeeLine("B91-CLASSB", 1, Money.FromYuan(10000)),
        new FeeLine("B90-INSCOPE", 1, Money.FromYuan(37000)),
    ]);

    [Fact]
    public void Split_SpecExample_Section4_4()
    {
        var split = SpecBill();

        Assert.Equal(new FeeSplit(Money.FromYuan(50000), Money.FromYuan(3000), Money.Zero, Money.FromYuan(1000), Money.FromYuan(46000)), split);
    }

    [Fact]
    public void Decide_LongTermResident_SpecExample_FundPays38250()
    {
        var (decision, after) = BenefitCalculator.Decide(SpecBill(), MedicalPolicies.Official.For(Chengdu, November), FilingType.LongTerm, MedicalAccumulators.Empty);

        Assert.Equal(Money.FromYuan(1000), decision.DeductibleApplied);
        Assert.Equal(Money.FromYuan(38250), decision.FundPays);                  // (46,000 − 1,000) × 85%
        Assert.Equal(Money.FromYuan(11750), decision.PatientPays);
        Assert.Equal(new MedicalAccumulators(Money.FromYuan(1000), Money.FromYuan(38250)), after);
    }

    [Fact]
    public void Decide_TemporaryTrip_SpecExample_ReducedRatioPays31500()
    {
        var (decision, _) = BenefitCalculator.Decide(SpecBill(), MedicalPolicies.Official.For(Chengdu, November), FilingType.OtherTemporary, MedicalAccumulators.Empty);

        Assert.Equal(0.70m, decision.Ratio);
        Assert.Equal(Money.FromYuan(31500), decision.FundPays);
    }

    [Fact]
    public void Decide_SecondAdmissionInTheYear_DeductibleOnceAndCapReachedExactly()
    {
        var policy = MedicalPolicies.Official.For(Chengdu, November);                  // cap 400,000
        var (first, afterFirst) = BenefitCalculator.Decide(SpecBill(), policy, FilingType.LongTerm, new MedicalAccumulators(Money.Zero, Money.FromYuan(350000)));
        var (second, afterSecond) = BenefitCalculator.Decide(SpecBill(), policy, FilingType.LongTerm, afterFirst);

        Assert.Equal(Money.FromYuan(38250), first.FundPays);
        Assert.Equal(Money.Zero, second.DeductibleApplied);                             // the annual deductible was met by the first
        Assert.Equal(Money.FromYuan(400000 - 388250), second.FundPays);                // 11,750 left under the cap
        Assert.Equal(Money.FromYuan(46000 * 0.85m) - Money.FromYuan(11750), second.CapReduction);
        Assert.Equal(policy.AnnualCap, afterSecond.FundPaid);
    }

    [Fact]
    public void Split_AbovePriceLimitAndUnlistedItems()
    {
        var split = MedicalCatalogue.Official.Split(Beijing,
        [
            new FeeLine("B03-STENT", 1, Money.FromYuan(10000)),   // limit 8,000; class B 20% pay-first
            new FeeLine("B04-BED3", 10, Money.FromYuan(150)),     // limit 120 a day
            new FeeLine("NOT-LISTED", 2, Money.FromYuan(50)),
        ]);

        Assert.Equal(Money.FromYuan(2000 + 300), split.OverLimit);
        Assert.Equal(Money.FromYuan(1600), split.PreSelfPay);
        Assert.Equal(Money.FromYuan(6400 + 1200), split.InScope);
        Assert.Equal(Money.FromYuan(100), split.FullyOwnPay);
        Assert.Equal(split.Total, split.FullyOwnPay + split.OverLimit + split.PreSelfPay + split.InScope);
    }

    [Fact]
    public void Split_BadLines_AreTypedErrors()
    {
        Assert.Equal("bill-empty", Assert.Throws<JinBaoException>(() => MedicalCatalogue.Official.Split(Beijing, [])).Code);
        Assert.Equal("fee-line-invalid", Assert.Throws<JinBaoException>(() =>
            MedicalCatalogue.Official.Split(Beijing, [new FeeLine("B01-AMOX", 0, Money.FromYuan(5))])).Code);
    }

    [Fact]
    public void Policy_CityOwnPolicyWinsOverItsProvince_AndUnknownPlaceIsTypedError()
    {
        Assert.Equal("440300", MedicalPolicies.Official.For(RegionCode.Parse("440300"), November).InsuringArea);
        Assert.Equal("440000", MedicalPolicies.Official.For(RegionCode.Parse("440100"), November).InsuringArea);
        Assert.Equal("medical-policy-unknown", Assert.Throws<JinBaoException>(() => MedicalPolicies.Official.For(RegionCode.Parse("650100"), November)).Code);
    }
}
