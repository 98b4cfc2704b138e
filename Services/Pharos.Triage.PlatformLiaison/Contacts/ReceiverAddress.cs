using System.Net;
using System.Net.Sockets;

namespace Pharos.Triage.PlatformLiaison.Contacts;

/// <summary>
/// Where notices may go. A webhook URL is configuration, but a mistyped or hostile one must not turn this
/// service into a way into the police network: https only (http to loopback for development), never a
/// private, link-local or otherwise internal address.
/// </summary>
public static class ReceiverAddress
{
    /// <summary>Why <paramref name="url"/> may not receive notices, as the end of a sentence; null when it may.</summary>
    public static string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute https URL.";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return "must use https: plain http is allowed only to a loopback host, for development.";
        // Credentials in the URL would end up in logs; the signature authenticates the notice instead.
        if (uri.UserInfo.Length > 0)
            return "must not carry credentials.";
        if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsInternal(address))
            return "must not name a private, link-local or other internal address.";
        return null;
    }

    /// <summary>
    /// Whether a connection to <paramref name="resolved"/> is allowed: loopback only for a receiver
    /// configured on loopback, never an internal address (a public name may resolve to one).
    /// </summary>
    public static bool MayConnect(IPAddress resolved, bool receiverIsLoopback)
    {
        if (resolved.IsIPv4MappedToIPv6) resolved = resolved.MapToIPv4();
        return IPAddress.IsLoopback(resolved) ? receiverIsLoopback : !IsInternal(resolved);
    }

    /// <summary>
    /// Private, shared, link-local, unspecified, multicast and reserved ranges (loopback is judged apart), and the
    /// ranges that lead elsewhere than they seem: 198.18.0.0/15 (benchmarking, often routed inside a network), and the
    /// IPv6 prefixes that carry an IPv4 address to a translator or relay (NAT64's 64:ff9b::/96 and 64:ff9b:1::/48,
    /// 6to4's 2002::/16, Teredo's 2001::/32), through which a public-looking IPv6 address reaches any IPv4 one, an internal one included.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0                                  // "this network"
                || b[0] == 10                                 // private
                || (b[0] == 100 && (b[1] & 0xC0) == 64)       // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254)               // link-local, cloud metadata endpoints
                || (b[0] == 172 && (b[1] & 0xF0) == 16)       // private
                || (b[0] == 192 && b[1] == 168)               // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)       // benchmarking, 198.18.0.0/15
                || b[0] >= 224;                               // multicast, reserved, broadcast
        }
        return address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6UniqueLocal
            || address.IsIPv6Multicast
            || Translated.Any(network => network.Contains(address));
    }

    /// <summary>NAT64 (well-known and local-use), 6to4 and Teredo: an IPv4 address inside an IPv6 one.</summary>
    private static readonly IPNetwork[] Translated =
        [IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("2002::/16"), IPNetwork.Parse("2001::/32")];
}
