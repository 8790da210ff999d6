using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace JinBao.ArchitectureTests;

/// <summary>
/// One of the product's compiled assemblies, read from where its own build put it (recorded by
/// src/AppHost/ProjectPaths.targets), never loaded: what it references is read from its metadata and its deps.json.
/// </summary>
internal sealed class BuiltAssembly
{
    private BuiltAssembly(string name, string path)
    {
        Name = name;
        Path = path;
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>The assemblies its compiled code references directly (its metadata's AssemblyRef table).</summary>
    public IReadOnlyList<string> References
    {
        get
        {
            using var stream = File.OpenRead(Path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Every project and package it ships with, transitively (the libraries of its deps.json, without versions): what
    /// the direct references miss, such as a project reached through another project.
    /// </summary>
    public IReadOnlyList<string> ShippedWith
    {
        get
        {
            var depsJson = System.IO.Path.ChangeExtension(Path, ".deps.json");
            Assert.True(File.Exists(depsJson), $"{depsJson} is missing: build {Name} with the SDK's default GenerateDependencyFile.");
            using var document = JsonDocument.Parse(File.ReadAllText(depsJson));
            return document.RootElement.GetProperty("libraries").EnumerateObject()
                .Select(library => library.Name.Split('/')[0])
                .Where(library => library != Name)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    public static BuiltAssembly Named(string name)
    {
        var recorded = typeof(BuiltAssembly).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == name)
            ?? throw new InvalidOperationException(
                $"No path recorded for {name}: reference its project with JinBaoProject=\"true\" in JinBao.ArchitectureTests.csproj.");
        Assert.True(File.Exists(recorded.Value), $"{name} is not built at {recorded.Value}.");
        return new BuiltAssembly(name, recorded.Value!);
    }
}
