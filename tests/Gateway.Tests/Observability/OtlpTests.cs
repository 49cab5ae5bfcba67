using System.Collections.Concurrent;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Observability;

/// <summary>OTLP export is off unless <c>Gateway:Observability:Otlp:Endpoint</c> is set; set, traces and metrics reach the collector.</summary>
public sealed class OtlpTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public OtlpTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task EndpointSet_HttpProtobuf_TracesAndMetricsPostedToTheCollector()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received);
        var gateway = await _scenario.StartGatewayAsync(c =>
        {
            c.Set("Gateway:Observability:Otlp:Endpoint", collector.BoundAddress().ToString().TrimEnd('/'));
            c.Set("Gateway:Observability:Otlp:Protocol", "HttpProtobuf");
        });

        await gateway.GetAsync("/public/x");

        // Stopping the host flushes both exporters, so nothing waits for the export intervals.
        await gateway.DisposeAsync();

        Assert.Contains("/v1/traces", received);
        Assert.Contains("/v1/metrics", received);
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<string> received)
    {
        var builder = LoopbackServer.CreateBuilder();
        var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            received.Enqueue(context.Request.Path.Value!);
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return app;
    }
}
