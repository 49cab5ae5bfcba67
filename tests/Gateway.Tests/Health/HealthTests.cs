using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Health;

/// <summary>/healthz (alive) and /readyz (every pool's keys fetched), anonymous, never forwarded.</summary>
public sealed class HealthTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public HealthTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task Healthz_200Anonymous()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        GatewayAssert.RequestId(response);
    }

    [Fact]
    public async Task Readyz_200OnceKeysAreLoaded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/readyz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("keys loaded", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_TokenIgnored()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/healthz", "garbage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
