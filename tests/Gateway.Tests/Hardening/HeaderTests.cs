using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hardening;

/// <summary>What the backend receives of the client's headers, and what the gateway sets itself.</summary>
public sealed class HeaderTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public HeaderTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    // Kestrel rewrites "Connection: close, X" or "keep-alive, X" to the keep-alive token alone before the app
    // sees it, so only a Connection header without close/keep-alive can name headers for the gateway to drop.
    [Fact]
    public async Task HopByHopAndConnectionListedHeaders_NotForwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/public/x", configure: r =>
        {
            r.Headers.Connection.Add("X-Secret-Hop");
            r.Headers.TryAddWithoutValidation("X-Secret-Hop", "must-not-pass");
            r.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
            r.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
            r.Headers.TryAddWithoutValidation("X-Ordinary", "passes");
        });

        var echo = await gateway.EchoAsync(response);
        Assert.Null(echo.Header("X-Secret-Hop"));
        Assert.Null(echo.Header("Keep-Alive"));
        Assert.Null(echo.Header("Proxy-Connection"));
        Assert.Equal("passes", echo.Header("X-Ordinary"));
    }

    [Fact]
    public async Task ClientSentForwardedHeaders_ReplacedByGatewayValues()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/public/x", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            r.Headers.TryAddWithoutValidation("Forwarded", "for=6.6.6.6");
        });
        var echo = await gateway.EchoAsync(response);

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(gateway.BaseAddress.Authority, echo.Header("X-Forwarded-Host"));
        Assert.Null(echo.Header("Forwarded"));
    }

    [Fact]
    public async Task TrustedProxy_ForwardedChainKeptAndAppended()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Forwarding:TrustedProxies", new System.Text.Json.Nodes.JsonArray("127.0.0.0/8")));

        var response = await gateway.GetAsync("/public/x", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Host", "api.example.com");
        });
        var echo = await gateway.EchoAsync(response);

        Assert.Equal("203.0.113.7, 127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
        Assert.Equal("api.example.com", echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public void TrustedProxyNotAnAddress_StartupRefused()
    {
        var config = _scenario.DefaultConfig().Set("Gateway:Forwarding:TrustedProxies", new System.Text.Json.Nodes.JsonArray("lb.internal"));

        var error = Assert.Throws<Gateway.Configuration.GatewayConfigurationException>(() => GatewayHost.Build(config.ToJsonString()));
        Assert.Contains("Gateway:Forwarding:TrustedProxies:0 'lb.internal'", error.Message);
    }

    [Fact]
    public async Task OversizedHeaderSet_431NotForwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var before = _scenario.Backend.Requests;

        var response = await gateway.GetAsync("/public/x", configure: r =>
        {
            for (var i = 0; i < 40; i++)
            {
                r.Headers.TryAddWithoutValidation("X-Filler-" + i, new string('a', 1000));
            }
        });

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(before, _scenario.Backend.Requests);
    }
}
