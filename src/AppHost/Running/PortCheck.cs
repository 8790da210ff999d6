using System.Net;
using System.Net.Sockets;

namespace JinBao.AppHost.Running;

/// <summary>Whether a TCP port on 127.0.0.1 is free: checked before anything starts, so a clash is one clear message.</summary>
public static class PortCheck
{
    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port the operating system considers free right now.</summary>
    public static int FindFree()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
