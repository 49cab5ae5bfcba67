using Gateway.Configuration;
using Gateway.Tests.Infrastructure;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Observability;

/// <summary>Bad Gateway:Observability and Gateway:Operator settings, and routes on the gateway's own paths, are refused at start-up with the key named.</summary>
public sealed class ObservabilityValidationTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ObservabilityValidationTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Gateway:Observability:Metrics:Path", "metrics", "Gateway:Observability:Metrics:Path" },
        { "Gateway:Observability:Metrics:Path", "/_gateway/metrics", "Gateway:Observability:Metrics:Path" },
        { "Gateway:Observability:Metrics:Path", "/healthz", "Gateway:Observability:Metrics:Path" },
        { "Gateway:Observability:Metrics:AllowedNetworks:0", "10.0.0.0/33", "Gateway:Observability:Metrics:AllowedNetworks:0" },
        { "Gateway:Operator:AllowedNetworks:0", "loopback", "Gateway:Operator:AllowedNetworks:0" },
        { "Gateway:Observability:Otlp:Endpoint", "otel-collector:4317", "Gateway:Observability:Otlp:Endpoint" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSetting_RefusedWithItsKey(string key, string value, string named)
    {
        var config = _scenario.DefaultConfig();
        if (key.EndsWith(":0", StringComparison.Ordinal))
        {
            config.Set(key[..^2], new JsonArray(value));
        }
        else
        {
            config.Set(key, value);
        }

        var ex = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(config.ToJsonString()));

        Assert.Contains(named, ex.Message);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/_gateway/{**rest}")]
    [InlineData("/_GATEWAY")]
    public void RouteOnAGatewayPath_Refused(string path)
    {
        var config = _scenario.DefaultConfig();
        config.Set("ReverseProxy:Routes:mine", JsonNode.Parse($$"""{ "ClusterId": "echo", "Match": { "Path": "{{path}}" }, "Metadata": { "Authorizer": "NONE" } }"""));

        var ex = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(config.ToJsonString()));

        Assert.Contains("ReverseProxy:Routes:mine:Match:Path", ex.Message);
    }

    [Fact]
    public async Task MetricsDisabled_RouteMayUseItsPath()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c =>
        {
            c.Set("Gateway:Observability:Metrics:Enabled", false);
            c.Set("ReverseProxy:Routes:mine", JsonNode.Parse("""{ "ClusterId": "echo", "Match": { "Path": "/metrics" }, "Metadata": { "Authorizer": "NONE" } }"""));
        });

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/metrics"));

        Assert.Equal("/metrics", echo.Path);
    }

    [Fact]
    public void AllowedNetworks_ReplaceTheLoopbackDefault()
    {
        var config = _scenario.DefaultConfig();
        config.Set("Gateway:Observability:Metrics:AllowedNetworks", new JsonArray("10.0.0.0/8"));

        var options = GatewayHost.Build(config.ToJsonString()).Services.BuildServiceProvider().GetRequiredService<GatewayOptions>();

        Assert.Equal(["10.0.0.0/8"], options.Observability.Metrics.AllowedNetworks!);
        Assert.Null(options.Operator.AllowedNetworks);
    }
}
