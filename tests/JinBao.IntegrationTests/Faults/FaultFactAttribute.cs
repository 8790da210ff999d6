namespace JinBao.IntegrationTests.Faults;

/// <summary>
/// A fault test: run when <c>JINBAO_FAULT_TESTS=1</c>, skipped (and saying why) otherwise. The fault tests restart the
/// database under load and still find open defects (docs/reliability.md), so they are not yet part of the green suite
/// CI requires; they are how those defects are reproduced and, once fixed, how they stay fixed.
/// </summary>
public sealed class FaultFactAttribute : FactAttribute
{
    public const string Variable = "JINBAO_FAULT_TESTS";

    public FaultFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"A fault test: set {Variable}=1 to run it (docs/reliability.md).";
        }
    }
}
