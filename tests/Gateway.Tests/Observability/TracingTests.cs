using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Observability;

/// <summary>
/// W3C trace context: the backend receives a <c>traceparent</c> in the caller's trace (or a new one), and the
/// gateway's server span carries the route, decision, reason and client id.
/// </summary>
public sealed class TracingTests : IClassFixture<GatewayScenario>
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";

    private readonly GatewayScenario _scenario;

    // The test process's own HttpClient would put its own traceparent on the request (the gateway's tracer
    // listens process-wide); a caller from outside sends only what it chose to.
    private static readonly HttpClient Caller = new(new SocketsHttpHandler { ActivityHeadersPropagator = null });

    public TracingTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task CallerTraceparent_BackendGetsTheSameTraceWithTheGatewaysSpanAsParent()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await SendAsync(gateway, "/orders/1", _scenario.AccessToken(), $"00-{TraceId}-{CallerSpanId}-01"));

        var parts = echo.Header("traceparent")!.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(TraceId, parts[1]);
        Assert.NotEqual(CallerSpanId, parts[2]);
        Assert.Equal("01", parts[3]);
    }

    [Fact]
    public async Task NoTraceparent_BackendGetsANewOne()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await SendAsync(gateway, "/public/x", null, null));

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", echo.Header("traceparent"));
    }

    [Fact]
    public async Task ServerSpan_TaggedWithRouteDecisionReasonAndClientId()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId.ToHexString() == traceId)
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await SendAsync(gateway, "/orders/1", _scenario.AccessToken("orders/write"), $"00-{traceId}-{CallerSpanId}-01");

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (stopped.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var span = Assert.Single(stopped);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("orders-read", span.GetTagItem("gateway.route"));
        Assert.Equal("deny", span.GetTagItem("gateway.decision"));
        Assert.Equal("scope_mismatch", span.GetTagItem("gateway.reason"));
        Assert.Equal(GatewayScenario.ClientId, span.GetTagItem("gateway.client_id"));
    }

    private static Task<HttpResponseMessage> SendAsync(GatewayHost gateway, string path, string? token, string? traceparent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseAddress, path));
        if (token is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + token);
        }

        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        return Caller.SendAsync(request);
    }
}
