namespace JinBao.ArchitectureTests;

/// <summary>
/// Which assembly may reference which (docs/architecture.md): only silos load grain code, and the contracts the API
/// shares with the silos carry neither the silo runtime nor the database driver.
/// </summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Api_ReferencesOnlyTheGrainContracts()
    {
        var api = BuiltAssembly.Named("JinBao.Api");

        // Directly: the contracts, the domain's values and the shared service defaults, no grain implementations, silo or migrator.
        Assert.Contains("JinBao.Grains.Abstractions", api.References);
        AssertNone(api, api.References.Where(r => IsOurs(r) && r is not ("JinBao.Grains.Abstractions" or "JinBao.Domain" or "JinBao.ServiceDefaults" or "JinBao.Workbench" or "JinBao.Portal")),
            "references", "it may reference JinBao.Grains.Abstractions, JinBao.Domain, JinBao.ServiceDefaults and the workbench it serves only; grain code runs in silos, reached through IClusterClient");

        // Transitively too: a project reached through ServiceDefaults would be loaded all the same.
        AssertNone(api, api.ShippedWith.Where(r => IsOurs(r) && r is not ("JinBao.Grains.Abstractions" or "JinBao.Domain" or "JinBao.ServiceDefaults" or "JinBao.Workbench" or "JinBao.Portal")),
            "ships with", "no grain implementation (JinBao.Grains, with its Npgsql ledger) may reach the API through another project");
    }

    [Fact]
    public void Workbench_IsAClientOfThePublicApi_NotOfItsInsides()
    {
        var workbench = BuiltAssembly.Named("JinBao.Workbench");

        // The contracts and the domain's values for masking, region names and the calendar; never the API's own assembly
        // (it calls the API over HTTP as the clerk, so authorisation, audit and idempotency cannot be bypassed) and never grain code.
        AssertNone(workbench, workbench.References.Where(r => IsOurs(r) && r is not ("JinBao.Grains.Abstractions" or "JinBao.Domain")),
            "references", "the workbench reaches JinBao through the public API; it may reference JinBao.Grains.Abstractions and JinBao.Domain only");
    }

    [Fact]
    public void Portal_IsAClientOfThePublicApi_NotOfItsInsides()
    {
        var portal = BuiltAssembly.Named("JinBao.Portal");

        // Like the workbench, whose UI stack (API client, texts, assets) it shares: the person's data only through the API.
        AssertNone(portal, portal.References.Where(r => IsOurs(r) && r is not ("JinBao.Grains.Abstractions" or "JinBao.Domain" or "JinBao.Workbench")),
            "references", "the portal reaches JinBao through the public API; it may reference the contracts, the domain's values and the workbench's UI stack only");
    }

    [Fact]
    public void AppHost_ReferencesNoGrainCode()
    {
        var appHost = BuiltAssembly.Named("JinBao.AppHost");

        // It launches the silos, APIs and migrator as `dotnet <dll>` (ReferenceOutputAssembly="false"), never loads them.
        // It loads one JinBao assembly: the PostgreSQL launcher it shares with the tests, which knows no grain code.
        AssertNone(appHost, appHost.References.Where(r => IsOurs(r) && r != "JinBao.Postgres"), "references",
            "the AppHost runs the product's processes as separate processes (reference them with ReferenceOutputAssembly=\"false\"); it may load JinBao.Postgres only");
        AssertNone(appHost, appHost.ShippedWith.Where(r => IsOurs(r) && r != "JinBao.Postgres"), "ships with",
            "the AppHost runs the product's processes as separate processes (reference them with ReferenceOutputAssembly=\"false\"); it may load JinBao.Postgres only");
    }

    [Fact]
    public void Abstractions_ReferenceNeitherTheSiloRuntimeNorTheDatabase()
    {
        var abstractions = BuiltAssembly.Named("JinBao.Grains.Abstractions");

        // Microsoft.Orleans.Sdk brings Orleans.Core(.Abstractions) and Orleans.Serialization: what contracts need.
        AssertNone(abstractions, abstractions.References.Where(r => (IsOurs(r) && r != "JinBao.Domain") || r.StartsWith("Npgsql", StringComparison.Ordinal)
                || r is "Orleans.Runtime" or "Orleans.Server"), "references",
            "the contracts are loaded by the API and by clients; they may reference JinBao.Domain; the silo runtime and the database belong in JinBao.Grains");
        AssertNone(abstractions, abstractions.ShippedWith.Where(r => (IsOurs(r) && r != "JinBao.Domain") || r.StartsWith("Npgsql", StringComparison.Ordinal)
                || r is "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Server"), "ships with",
            "the contracts are loaded by the API and by clients; they may reference JinBao.Domain; the silo runtime and the database belong in JinBao.Grains");
    }

    [Fact]
    public void Domain_IsPureRules_WithoutActorRuntimeDatabaseOrHost()
    {
        var domain = BuiltAssembly.Named("JinBao.Domain");

        // Orleans' serializer only (its values cross grain calls); not the actor runtime, not the database, not a host, not
        // another JinBao project: every rule runs in a unit test with nothing started.
        static bool Runtime(string r) => IsOurs(r) || r.StartsWith("Npgsql", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || r is "Orleans.Core" or "Orleans.Runtime" or "Orleans.Server" or "Microsoft.Orleans.Core" or "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Server";
        AssertNone(domain, domain.References.Where(r => Runtime(r) || r.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)), "references",
            "the domain holds values and pure rules; grains, storage, logging and hosting belong in JinBao.Grains (docs/architecture.md)");

        // The serializer itself ships with the DI and options abstractions it registers with; nothing more.
        AssertNone(domain, domain.ShippedWith.Where(Runtime), "ships with",
            "the domain holds values and pure rules; grains, storage and hosting belong in JinBao.Grains (docs/architecture.md)");
    }

    private static bool IsOurs(string assembly) => assembly.StartsWith("JinBao.", StringComparison.Ordinal);

    private static void AssertNone(BuiltAssembly assembly, IEnumerable<string> forbidden, string how, string why)
    {
        var found = forbidden.ToList();
        Assert.True(found.Count == 0, $"{assembly.Name} {how} {string.Join(", ", found)}: {why}. ({assembly.Path})");
    }
}
