using Yarp.ReverseProxy.Configuration;

namespace Gateway.Bench.Baselines;

/// <summary>
/// The route and cluster shape of the gateway's committed appsettings.json ("hello": /{**catch-all} to cluster
/// "demo", one destination), so every proxy in the comparison matches and forwards the same way.
/// </summary>
internal static class ProxyConfig
{
    public static RouteConfig[] Routes(string? authorizationPolicy) =>
    [
        new RouteConfig
        {
            RouteId = "hello",
            ClusterId = "demo",
            Match = new RouteMatch { Path = "/{**catch-all}" },
            AuthorizationPolicy = authorizationPolicy,
        },
    ];

    public static ClusterConfig[] Clusters(string backendUrl) =>
    [
        new ClusterConfig
        {
            ClusterId = "demo",
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["backend"] = new DestinationConfig { Address = backendUrl },
            },
        },
    ];

    /// <summary>
    /// The baselines log nothing per request (YARP and ASP.NET Core log per request at Information), as a
    /// production config would; the gateway's single request log event is part of what it is measured with.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string url)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);
        return builder;
    }
}
