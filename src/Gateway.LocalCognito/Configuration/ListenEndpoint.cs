using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.LocalCognito.Configuration;

/// <summary>Where Kestrel listens, parsed from <see cref="LocalCognitoOptions.Url"/>.</summary>
internal sealed record ListenEndpoint(string Host, IPAddress? Address, int Port)
{
    /// <summary>Parses http://{localhost|ip|*|+}:{port}; returns null with a reason otherwise.</summary>
    public static ListenEndpoint? TryParse(string? url, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            problem = "must be an absolute http:// URL such as http://localhost:9229 (https is not supported by this development service)";
            return null;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            problem = "must not contain a path or query";
            return null;
        }

        var host = uri.Host;
        if (host is "localhost")
        {
            return new ListenEndpoint(host, null, uri.Port);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new ListenEndpoint(host, address, uri.Port);
        }

        problem = "host must be localhost or an IP address (use 0.0.0.0 for all interfaces and PublicUrl for the advertised name)";
        return null;
    }

    /// <summary>Host to put in URLs: a wildcard address is not reachable as such, so advertise localhost.</summary>
    public string AdvertisedHost =>
        Address is not null && (Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any)) ? "localhost" : Host;

    public void Apply(KestrelServerOptions kestrel)
    {
        if (Address is not null)
        {
            kestrel.Listen(Address, Port);
        }
        else if (Port == 0)
        {
            // Kestrel refuses dynamic ports on "localhost" (it would need one port on two addresses).
            kestrel.Listen(IPAddress.Loopback, 0);
        }
        else
        {
            kestrel.ListenLocalhost(Port);
        }
    }
}
