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
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var receiver = context.InitialRequestMessage.RequestUri;
        // Through a proxy the connection goes to the proxy, which reaches the receiver itself.
        var direct = receiver is null || string.Equals(receiver.IdnHost.Trim('[', ']'), endpoint.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = direct ? addresses.Where(a => ReceiverAddress.MayConnect(a, receiver?.IsLoopback ?? false)).ToList() : [.. addresses];
        if (allowed.Count == 0)
            throw new HttpRequestException($"{endpoint.Host} resolves to no address notices may go to (private, link-local or loopback).");

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
