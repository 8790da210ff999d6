namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// The AppHost tests start a whole topology (PostgreSQL, four silos, two APIs) on a 2-core machine: one at a time,
/// never beside another test class of this assembly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "apphost";
}
