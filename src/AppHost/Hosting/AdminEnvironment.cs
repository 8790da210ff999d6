using JinBao.AppHost.Topology;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// Writes <c>&lt;data folder&gt;/env/&lt;cluster&gt;.env</c> (owner-only): the connection string of the cluster's
/// database and the cluster's id (the admin commands refuse a city outside the cluster's province), so an operator runs the API's admin commands against the AppHost's server without building one by hand:
/// <c>set -a; . .jinbao/env/prov-440000.env; set +a; dotnet run --project src/Api/JinBao.Api -- create-city-credential --city 440300</c>.
/// </summary>
public static class AdminEnvironment
{
    public static void Write(string dataFolder, ClusterSpec cluster, string connectionString)
    {
        var folder = Path.Combine(dataFolder, "env");
        Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var writer = new StreamWriter(Path.Combine(folder, cluster.Id + ".env"), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write($"# Written by the AppHost at every start: {cluster.Id}'s database on the AppHost's PostgreSQL.\n");
        writer.Write($"ConnectionStrings__{JinBaoResources.ConnectionName}='{connectionString.Replace("'", "'\\''", StringComparison.Ordinal)}'\n");
        writer.Write($"JinBao__Api__ClusterId={cluster.Id}\n");
    }
}
