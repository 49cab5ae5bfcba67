namespace Gateway.Bench.Baselines;

/// <summary>
/// The cheap upstream: the same static answer as the gateway's demo backend, with no logging, so that the
/// proxy in front of it is what the load test measures.
/// </summary>
internal static class BackendMode
{
    private static readonly byte[] Hello = "{\"message\":\"Hello!\"}"u8.ToArray();

    public static Task<int> RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Hello.Length;
            return context.Response.Body.WriteAsync(Hello).AsTask();
        });
        return Listen.UntilStoppedAsync(app);
    }
}
