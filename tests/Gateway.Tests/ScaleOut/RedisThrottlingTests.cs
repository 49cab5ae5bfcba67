using System.Diagnostics;
using System.Net;
using Gateway.Tests.EndToEnd;
using Gateway.Tests.Hardening;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.ScaleOut;

/// <summary>
/// <c>Gateway:Throttling:Redis</c> in process: the same policies and the same 429 with the buckets in Redis, shared
/// by two gateways; and what happens when Redis cannot answer (FailOpen).
/// </summary>
public sealed class RedisThrottlingTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public RedisThrottlingTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [ToolFact("redis-server")]
    public async Task RedisMode_PerClientBurstExceeded_Same429AsInProcess_OtherClientUnaffected()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Config(backend, redis.Configuration));
        var clientA = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await gateway.GetAsync("/api/ok", clientA);
            statuses.Add(response.StatusCode);
            throttled ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
        Assert.NotNull(throttled);
        Assert.Equal("{\"message\":\"Too Many Requests\"}", await throttled!.Content.ReadAsStringAsync());
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal("TooManyRequestsException", throttled.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("throttled", await gateway.ReasonAsync(throttled));

        var clientB = "Bearer " + Tokens.Access(_scenario.Pool, "client-b", "api/call");
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/ok", clientB)).StatusCode);
    }

    [ToolFact("redis-server")]
    public async Task TwoGatewaysOneRedis_ShareOneBucket()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var backend = await ScriptedBackend.StartAsync();
        await using var first = await GatewayHost.StartAsync(Config(backend, redis.Configuration));
        await using var second = await GatewayHost.StartAsync(Config(backend, redis.Configuration));
        var client = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await (i % 2 == 0 ? first : second).GetAsync("/api/ok", client)).StatusCode);
        }

        // In process each would let its own burst of 3 through (6); together they let 3 (+1 refilled).
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
    }

    [Fact]
    public async Task RedisUnreachable_FailOpen_RequestsPassAtOnce_OutageLoggedOnce()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Config(backend, Unreachable()));
        var client = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");

        // Far past the burst of 3: nothing can be counted, so nothing is refused.
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await gateway.GetAsync("/api/ok", client);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // Only the first request may wait for the first connection attempt; then a known-down Redis costs nothing.
            Assert.True(i == 0 || clock.Elapsed < TimeSpan.FromSeconds(1), $"request {i} took {clock.Elapsed}");
        }

        var outage = await gateway.Log.WaitForAsync(e => e.EventName() == "ThrottlingStoreUnavailable");
        Assert.Equal(Serilog.Events.LogEventLevel.Error, outage.Level);
        Assert.Equal("True", outage.Scalar("FailOpen"));
        Assert.NotNull(outage.Exception);
        Assert.Single(gateway.Log.Events, e => e.EventName() == "ThrottlingStoreUnavailable");
    }

    [Fact]
    public async Task RedisUnreachable_FailClosed_503ServiceUnavailable_NothingForwarded()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Config(backend, Unreachable(), failOpen: false));
        var client = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");

        var response = await gateway.GetAsync("/api/ok", client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"message\":\"Service Unavailable\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("ServiceUnavailableException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Equal("throttling_unavailable", await gateway.ReasonAsync(response));
        Assert.Equal(0, backend.Requests);

        // Routes without a throttling policy never ask Redis.
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/open/ok")).StatusCode);
    }

    [ToolFact("redis-server")]
    public async Task RedisGoesAwayAndComesBack_FailOpenMeanwhile_LimitsSharedAgain()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Config(backend, redis.Configuration));
        var client = "Bearer " + Tokens.Access(_scenario.Pool, "client-a", "api/call");
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/ok", client)).StatusCode);

        await redis.StopAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/ok", client)).StatusCode);
        }

        await gateway.Log.WaitForAsync(e => e.EventName() == "ThrottlingStoreUnavailable");

        // The connection comes back by itself; then the bucket (new, Redis lost it) is enforced again.
        await redis.RestartAsync();
        await ScaleOutCluster.WaitForAsync(
            async () => (await gateway.GetAsync("/api/ok", client)).StatusCode == HttpStatusCode.TooManyRequests,
            "throttling enforced again after Redis came back",
            TimeSpan.FromSeconds(30));
        var recovered = await gateway.Log.WaitForAsync(e => e.EventName() == "ThrottlingStoreRecovered");
        Assert.Equal(Serilog.Events.LogEventLevel.Information, recovered.Level);
    }

    private static string Unreachable() => $"127.0.0.1:{GatewayProcess.FreePort()}";

    private string Config(ScriptedBackend backend, string redis, bool failOpen = true) => HardeningConfig.Json(
        _scenario.Pool,
        backend,
        extraGateway: $$$""", "Throttling": { "perClient": { "RatePerSecond": 1, "Burst": 3 }, "Redis": { "Configuration": "{{{redis}}}", "FailOpen": {{{(failOpen ? "true" : "false")}}} } }""",
        extraRoute: """, "RateLimiterPolicy": "perClient" """);
}
