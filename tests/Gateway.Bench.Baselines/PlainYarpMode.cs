namespace Gateway.Bench.Baselines;

/// <summary>"Plain YARP": the proxy hop alone, no authentication, the ceiling the gateway is compared with.</summary>
internal static class PlainYarpMode
{
    public static Task<int> RunAsync(string url, string backendUrl, bool inline)
    {
        var builder = ProxyConfig.CreateBuilder(url);
        if (inline)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfig.Routes(authorizationPolicy: null), ProxyConfig.Clusters(backendUrl));
        var app = builder.Build();
        app.MapReverseProxy();
        return Listen.UntilStoppedAsync(app);
    }
}
