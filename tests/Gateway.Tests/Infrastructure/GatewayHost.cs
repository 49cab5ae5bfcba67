using System.Net.Http.Json;
using System.Text;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway built by the production composition (AddGateway/UseGateway) on Kestrel at 127.0.0.1:0, with
/// the configuration given as JSON, as it would be in appsettings.json.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, CapturedLog log)
    {
        _app = app;
        Log = log;
    }

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public CapturedLog Log { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the application (throws the gateway's configuration exception for a bad config) and starts it.</summary>
    public static Task<GatewayHost> StartAsync(string json) => StartAsync(Build(json));

    /// <summary>As <see cref="StartAsync(string)"/>, with services replaced after the gateway registered its own.</summary>
    public static Task<GatewayHost> StartAsync(string json, Action<IServiceCollection> replaceServices)
    {
        var builder = Build(json);
        replaceServices(builder.Services);
        return StartAsync(builder);
    }

    /// <summary>The gateway reading a real appsettings file that it reloads on change, as in production.</summary>
    public static Task<GatewayHost> StartFromFileAsync(string path) =>
        StartAsync(Build(configuration => configuration.AddJsonFile(path, optional: false, reloadOnChange: true)));

    private static async Task<GatewayHost> StartAsync(WebApplicationBuilder builder)
    {
        // The composition reads Serilog sinks from DI and keeps each host on its own logger (not the static one),
        // so every gateway in the test process captures exactly its own events.
        var log = new CapturedLog();
        builder.Services.AddSingleton<ILogEventSink>(log);
        var app = builder.Build();
        app.UseGateway();
        await app.StartAsync();
        var host = new GatewayHost(app, log);
        host.BaseAddress = app.BoundAddress();
        host.Client = new HttpClient { BaseAddress = host.BaseAddress };
        return host;
    }

    /// <summary>Only what start-up does before serving: reading and validating the configuration.</summary>
    public static WebApplicationBuilder Build(string json) =>
        Build(configuration => configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    private static WebApplicationBuilder Build(Action<IConfigurationBuilder> addConfiguration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        addConfiguration(builder.Configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddGateway();
        return builder;
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? authorization = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, authorization, configure);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization = null, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request, cancellationToken);
    }

    public async Task<EchoedRequest> EchoAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
