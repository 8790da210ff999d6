namespace JinBao.Bench.Scenarios;

/// <summary>
/// One benchmark scenario: it prepares its own data, drives its load through <see cref="Load"/>, and adds its figures
/// (and, if it has more to say, a section) to <see cref="BenchContext.Report"/>. Register it in <see cref="ScenarioCatalogue"/>.
/// </summary>
public interface IScenario
{
    /// <summary>Short name, used by <c>--only</c> and in the report.</summary>
    string Name { get; }

    Task RunAsync(BenchContext context);
}
