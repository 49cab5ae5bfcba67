using System.Net;
using Gateway.Forwarding;

namespace Gateway.Observability;

/// <summary>
/// Who may reach an operator-facing endpoint (metrics, /_gateway/): the TCP peer's address against a list of
/// networks, loopback only by default. Never X-Forwarded-For: a client can write that header.
/// </summary>
internal sealed class NetworkAllowList
{
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1"];

    private readonly IPNetwork[] _networks;

    /// <param name="configured">Validated entries; null means <see cref="Loopback"/>.</param>
    public NetworkAllowList(IReadOnlyList<string>? configured)
    {
        _networks = (configured ?? Loopback)
            .Select(entry => ForwardedHeaders.TryParse(entry, out var network) ? network : throw new InvalidOperationException($"'{entry}' is not an IP address or CIDR range."))
            .ToArray();
    }

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            // No peer address (an in-process test server, say): nothing to check against, so refuse.
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
