using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

public sealed class SmokeTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public SmokeTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task ValidAccessToken_WithScope_Forwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var response = await gateway.GetAsync("/orders/42?x=1", "Bearer " + _scenario.AccessToken());
        var echo = await gateway.EchoAsync(response);
        Assert.Equal("/orders/42", echo.Path);
        Assert.Equal(GatewayScenario.ClientId, echo.Header("X-Client-Id"));
    }

    [Fact]
    public async Task NoToken_401Unauthorized()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var response = await gateway.GetAsync("/orders/42");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"message\":\"Unauthorized\"}", await response.Content.ReadAsStringAsync());
    }
}
