using Gateway.Authentication;
using Gateway.Runtime;

namespace Gateway.Forwarding;

internal static class ClientAddressExtensions
{
    /// <summary>
    /// The client's address through the trusted proxies (<see cref="ForwardedHeaders.ResolveClientAddress"/>),
    /// resolved once per request for everything that keys on it: throttling and the request log.
    /// </summary>
    public static string? GetClientAddress(this HttpContext context)
    {
        var feature = context.GetGatewayFeature();
        return feature.ClientAddress ??= context.RequestServices.GetRequiredService<GatewayStateProvider>()
            .Current.Forwarded.ResolveClientAddress(context);
    }
}
