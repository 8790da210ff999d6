using System.Net;
using System.Net.Sockets;

using Npgsql;

namespace JinBao.Postgres;

/// <summary>A server of our own listens on loopback only, on a port nobody else holds, for superuser <c>postgres</c>.</summary>
public static class PostgresLoopback
{
    public static readonly string Address = IPAddress.Loopback.ToString();

    /// <summary>The server setting that keeps it off every other interface.</summary>
    public static string ListenAddressesSetting => $"listen_addresses={Address}";

    /// <summary>
    /// A port free on loopback right now. Another process may take it before the server binds it: a caller that can
    /// retry with another port does so when the server says the address is in use.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A connection to <paramref name="database"/> on the server at <paramref name="port"/>, as the superuser.</summary>
    public static NpgsqlConnectionStringBuilder Connection(int port, string database) => new()
    {
        Host = Address,
        Port = port,
        Username = PostgresServiceUser.Name,
        Database = database,
    };
}
