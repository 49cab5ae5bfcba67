using System.Net;
using Gateway.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Forwarding;

/// <summary>
/// X-Forwarded-For/Proto/Host as the gateway sets them: from an untrusted peer they describe that peer and
/// any client-sent value is dropped; from a trusted proxy its chain is kept and the peer appended.
/// A client-sent RFC 7239 <c>Forwarded</c> header is always dropped, since the gateway does not produce one.
/// </summary>
internal sealed class ForwardedHeaders
{
    private readonly IPNetwork[] _trusted;

    public ForwardedHeaders(ForwardingOptions options)
    {
        _trusted = options.TrustedProxies.Select(Parse).ToArray();
    }

    public static bool TryParse(string value, out IPNetwork network)
    {
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    public void Apply(RequestTransformContext transform)
    {
        var request = transform.HttpContext.Request;
        var remote = transform.HttpContext.Connection.RemoteIpAddress;
        var trusted = remote is not null && IsTrusted(remote);

        RequestTransform.RemoveHeader(transform, "Forwarded");
        var priorFor = trusted ? request.Headers["X-Forwarded-For"].ToString() : "";
        var priorProto = trusted ? request.Headers["X-Forwarded-Proto"].ToString() : "";
        var priorHost = trusted ? request.Headers["X-Forwarded-Host"].ToString() : "";
        RequestTransform.RemoveHeader(transform, "X-Forwarded-For");
        RequestTransform.RemoveHeader(transform, "X-Forwarded-Proto");
        RequestTransform.RemoveHeader(transform, "X-Forwarded-Host");
        RequestTransform.RemoveHeader(transform, "X-Forwarded-Prefix");

        var peer = remote?.IsIPv4MappedToIPv6 == true ? remote.MapToIPv4().ToString() : remote?.ToString();
        if (peer is not null)
        {
            RequestTransform.AddHeader(transform, "X-Forwarded-For", priorFor.Length > 0 ? priorFor + ", " + peer : peer);
        }

        RequestTransform.AddHeader(transform, "X-Forwarded-Proto", priorProto.Length > 0 ? priorProto : request.Scheme);
        if (priorHost.Length > 0 || request.Host.HasValue)
        {
            RequestTransform.AddHeader(transform, "X-Forwarded-Host", priorHost.Length > 0 ? priorHost : request.Host.Value!);
        }
    }

    /// <summary>
    /// The client's address: the peer, or, when the peer is a trusted proxy, the right-most address in its
    /// X-Forwarded-For that is not itself a trusted proxy. What throttling and the request log key on.
    /// </summary>
    public string? ResolveClientAddress(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return null;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        if (_trusted.Length == 0 || !IsTrusted(remote))
        {
            return remote.ToString();
        }

        var chain = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = chain.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(chain[i], out var hop))
            {
                // A garbled entry: trust stops here, the last trusted hop is the best answer.
                break;
            }

            if (!IsTrusted(hop))
            {
                return hop.ToString();
            }

            remote = hop;
        }

        return remote.ToString();
    }

    private bool IsTrusted(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork Parse(string value) =>
        TryParse(value, out var network) ? network : throw new InvalidOperationException($"'{value}' is not an IP address or CIDR range.");
}
