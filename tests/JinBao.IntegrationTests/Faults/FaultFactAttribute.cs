namespace JinBao.IntegrationTests.Faults;

/// <summary>
/// A fault test: run when <c>JINBAO_FAULT_TESTS=1</c>, skipped (and saying why) otherwise. The fault tests restart the
/// database under load; they found the defects docs/reliability.md describes, and have too few measured runs since
/// the fixes to be part of the green suite CI requires yet. They are how those defects are reproduced and, once fixed,
/// how they stay fixed.
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
