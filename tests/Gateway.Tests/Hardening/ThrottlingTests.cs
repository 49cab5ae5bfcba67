using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hardening;

public sealed class ThrottlingTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ThrottlingTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task PerClientBurstExceeded_429TooManyRequestsWithRetryAfter_OtherClientUnaffected()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool,
            backend,
            extraGateway: """, "Throttling": { "perClient": { "RatePerSecond": 1, "Burst": 3, "PartitionBy": "Client" } }""",
            extraRoute: """, "RateLimiterPolicy": "perClient" """));
        var clientA = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");
        var clientB = "Bearer " + Tokens.Access(_scenario.Pool, "client-b", "api/call");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await gateway.GetAsync("/api/ok", clientA);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled ??= response;
            }
        }

        // Three (the burst) pass; with 1 token/s refill at most one more may sneak in during the loop.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
        Assert.NotNull(throttled);
        Assert.Equal("{\"message\":\"Too Many Requests\"}", await throttled!.Content.ReadAsStringAsync());
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("TooManyRequestsException", throttled.Headers.GetValues("x-amzn-ErrorType").Single());

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/ok", clientB)).StatusCode);
    }

    [Fact]
    public async Task PerRouteLimit_SharedByAllClients()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool,
            backend,
            extraGateway: """, "Throttling": { "route": { "RatePerSecond": 1, "Burst": 2, "PartitionBy": "Route" } }""",
            extraRoute: """, "RateLimiterPolicy": "route" """));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var token = "Bearer " + Tokens.Access(_scenario.Pool, "client-" + i, "api/call");
            statuses.Add((await gateway.GetAsync("/api/ok", token)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 2, 3);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.TooManyRequests)]
    public async Task AnonymousClientsBehindTrustedProxy_EachGetsOwnBucket(bool trustLoopback, HttpStatusCode second)
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var trusted = trustLoopback ? """, "Forwarding": { "TrustedProxies": [ "127.0.0.1" ] }""" : "";
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool,
            backend,
            extraGateway: """, "Throttling": { "perClient": { "RatePerSecond": 1, "Burst": 1 } }""" + trusted,
            extraOpenRoute: """, "RateLimiterPolicy": "perClient" """));

        // Two clients behind the same load balancer (the peer, 127.0.0.1): only a trusted balancer's
        // X-Forwarded-For tells them apart.
        var first = await gateway.GetAsync("/open/ok", configure: r => r.Headers.Add("X-Forwarded-For", "198.51.100.1"));
        var other = await gateway.GetAsync("/open/ok", configure: r => r.Headers.Add("X-Forwarded-For", "198.51.100.2"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(second, other.StatusCode);
    }

    [Fact]
    public async Task RouteNamesUnknownThrottlingPolicy_StartupRefused()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var json = HardeningConfig.Json(_scenario.Pool, backend, extraRoute: """, "RateLimiterPolicy": "nope" """);

        var error = Assert.Throws<Gateway.Configuration.GatewayConfigurationException>(() => GatewayHost.Build(json));
        Assert.Contains("ReverseProxy:Routes:api:RateLimiterPolicy names 'nope'", error.Message);
    }
}
