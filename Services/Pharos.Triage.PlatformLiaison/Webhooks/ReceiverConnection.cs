using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Pharos.Triage.PlatformLiaison.Contacts;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Opens connections to receivers only on addresses <see cref="ReceiverAddress"/> allows, checked on the
/// address the name resolves to now: a receiver's DNS may point at an internal address after the
/// configuration was checked.
/// </summary>
public static class ReceiverConnection
{
    /// <summary>
    /// The webhook client's handler. No proxy, whatever the environment says (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY): a
    /// proxy would reach the receiver itself, past the address check, and would see where notices go. No redirect
    /// (a receiver could send the notice on to an internal address), no cookies.
    /// </summary>
    public static SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        Proxy = null,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var receiver = context.InitialRequestMessage.RequestUri;
        // Every connection is to the receiver itself (no proxy): every address is checked.
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => ReceiverAddress.MayConnect(a, receiver?.IsLoopback ?? false)).ToList();
        if (allowed.Count == 0)
            throw new HttpRequestException($"{endpoint.Host} resolves to no address notices may go to (private, link-local, loopback or translated).");

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(last!);
        return null!;
    }
}
