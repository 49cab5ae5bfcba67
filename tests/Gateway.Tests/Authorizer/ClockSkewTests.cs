using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>exp and nbf with no tolerance by default (API Gateway, aws-jwt-verify), unlike JwtBearer's 5 minutes.</summary>
public sealed class ClockSkewTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ClockSkewTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task DefaultSkew_TokenExpiredFiveSecondsAgo_401Expired()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", "Bearer " + ExpiredFiveSecondsAgo()));

        await GatewayAssert.ExpiredAsync(response);
    }

    [Fact]
    public async Task ConfiguredSkewOfAMinute_TokenExpiredFiveSecondsAgo_Forwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ClockSkew", "00:01:00"));

        var response = await gateway.GetAsync("/orders/1", "Bearer " + ExpiredFiveSecondsAgo());

        Assert.Equal("/orders/1", (await gateway.EchoAsync(response)).Path);
    }

    [Fact]
    public async Task ConfiguredSkewOfAMinute_TokenExpiredTwoMinutesAgo_401Expired()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ClockSkew", "00:01:00"));
        var token = Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromMinutes(-2));

        await GatewayAssert.ExpiredAsync(await gateway.GetAsync("/orders/1", "Bearer " + token));
    }

    [Fact]
    public async Task DefaultSkew_NotBeforeTenSecondsAhead_401Unauthorized()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var claims = Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims["nbf"] = DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("not_yet_valid", await gateway.ReasonAsync(response));
    }

    private string ExpiredFiveSecondsAgo() =>
        Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5));
}
