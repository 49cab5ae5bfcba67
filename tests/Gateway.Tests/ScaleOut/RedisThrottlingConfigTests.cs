using System.Text;
using Gateway.Configuration;
using Gateway.Tests.Hardening;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.ScaleOut;

/// <summary><c>Gateway:Throttling:Redis</c> sits beside the policies: read as the store, never as a policy, and checked like every other key.</summary>
public sealed class RedisThrottlingConfigTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public RedisThrottlingConfigTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task StoreBesidePolicies_BoundAsStore_NotAPolicy()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var options = Load(Json(backend, """ "Configuration": "redis-1:6379,password=x", "FailOpen": false """));

        Assert.Equal(["perClient"], options.Throttling.Keys);
        Assert.Equal("redis-1:6379,password=x", options.ThrottlingRedis.Configuration);
        Assert.False(options.ThrottlingRedis.FailOpen);
    }

    [Fact]
    public async Task NoStore_DefaultsInProcessAndFailOpen()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var options = Load(HardeningConfig.Json(_scenario.Pool, backend));

        Assert.False(options.ThrottlingRedis.Enabled);
        Assert.True(options.ThrottlingRedis.FailOpen);
    }

    [Fact]
    public async Task BadConnectionString_RefusedWithKey_PasswordNotEchoed()
    {
        await using var backend = await ScriptedBackend.StartAsync();

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Json(backend, """ "Configuration": "redis:6379,password=hunter2,tls=yes" """)));

        Assert.Contains("Gateway:Throttling:Redis:Configuration is not a StackExchange.Redis connection string", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task ConnectionStringWithoutServer_Refused()
    {
        await using var backend = await ScriptedBackend.StartAsync();

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Json(backend, """ "Configuration": "password=hunter2" """)));

        Assert.Contains("Gateway:Throttling:Redis:Configuration names no Redis server", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task MisspeltStoreKey_RefusedWithSection()
    {
        await using var backend = await ScriptedBackend.StartAsync();

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Json(backend, """ "ConnectionString": "redis:6379" """)));

        Assert.Contains("Gateway:Throttling:Redis:", error.Message);
        Assert.Contains("ConnectionString", error.Message);
    }

    [Fact]
    public async Task RouteNamingRedisAsPolicy_Refused()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var json = HardeningConfig.Json(
            _scenario.Pool,
            backend,
            extraGateway: """, "Throttling": { "Redis": { "Configuration": "redis:6379" } }""",
            extraRoute: """, "RateLimiterPolicy": "Redis" """);

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(json));

        Assert.Contains("ReverseProxy:Routes:api:RateLimiterPolicy names 'Redis', which is not in Gateway:Throttling", error.Message);
    }

    private static GatewayOptions Load(string json) =>
        GatewayConfigurationLoader.Load(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());

    private string Json(ScriptedBackend backend, string store) => HardeningConfig.Json(
        _scenario.Pool,
        backend,
        extraGateway: $$""", "Throttling": { "perClient": { "RatePerSecond": 1, "Burst": 3 }, "Redis": { {{store}} } }""",
        extraRoute: """, "RateLimiterPolicy": "perClient" """);
}
