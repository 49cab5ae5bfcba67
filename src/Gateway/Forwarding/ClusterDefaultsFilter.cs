using Gateway.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// Gives clusters that set no <c>HttpRequest:ActivityTimeout</c> the gateway's upstream timeout (29 s, as API
/// Gateway) instead of YARP's 100 s, so a silent backend becomes a 504 while the client still waits.
/// </summary>
internal sealed class ClusterDefaultsFilter : IProxyConfigFilter
{
    private readonly GatewayOptions _options;

    public ClusterDefaultsFilter(GatewayOptions options)
    {
        _options = options;
    }

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.HttpRequest?.ActivityTimeout is not null)
        {
            return ValueTask.FromResult(cluster);
        }

        var request = cluster.HttpRequest ?? new ForwarderRequestConfig();
        return ValueTask.FromResult(cluster with { HttpRequest = request with { ActivityTimeout = _options.Limits.UpstreamTimeout } });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
