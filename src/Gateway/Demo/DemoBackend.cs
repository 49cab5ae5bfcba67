using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Demo;

/// <summary>
/// The tutorial's API: answers <c>{"message":"Hello!"}</c> to anybody, on any path. It runs beside the gateway
/// only when <c>DemoBackend:Enabled</c> is set, so the quickstart has something to protect.
/// </summary>
internal sealed class DemoBackend : IAsyncDisposable
{
    private static readonly byte[] Hello = "{\"message\":\"Hello!\"}"u8.ToArray();

    private readonly WebApplication _app;

    private DemoBackend(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<DemoBackend> StartAsync(string url, CancellationToken cancellationToken)
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
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoBackend(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
