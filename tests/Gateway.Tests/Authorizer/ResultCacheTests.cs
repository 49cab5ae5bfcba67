using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// The result cache (API Gateway's authorizerResultTtlInSeconds, default 300 s): a validated token is reused
/// for at most the TTL and never past its exp; the route's scope check runs on every request.
/// </summary>
public sealed class ResultCacheTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ResultCacheTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task CachedToken_RouteScopeCheckStillRuns()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var token = "Bearer " + _scenario.AccessToken("orders/read");

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/2", token)).StatusCode);
        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.SendAsync(HttpMethod.Post, "/orders/1", token));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("scope_mismatch", await gateway.ReasonAsync(refused));

        // And the token-type rule: the cached access token is still refused where an ID token is needed.
        await GatewayAssert.UnauthorizedAsync(await gateway.GetAsync("/profile", token));
    }

    [Fact]
    public async Task CachedToken_RefusedOnceItExpires()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        // Warm the gateway (keys fetched, code jitted) first: on a loaded 2-core machine the first request alone
        // can outlast a token that has only a second or two to live.
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken())).StatusCode);
        var claims = Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        var exp = DateTimeOffset.UtcNow.AddSeconds(3);
        claims["exp"] = exp.ToUnixTimeSeconds();
        var token = "Bearer " + Tokens.Sign(claims, _scenario.Pool.ActiveKey);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp.ToUnixTimeSeconds());

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", token)).StatusCode);

        // No event marks the passing of exp: wait for the clock, in short bounded steps.
        for (var i = 0; i < 60 && DateTimeOffset.UtcNow <= expiresAt; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(DateTimeOffset.UtcNow > expiresAt);
        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", token));
        await GatewayAssert.ExpiredAsync(response);
    }

    [Fact]
    public async Task CachedToken_RefusedOnceItsKeyIsWithdrawn_AsIsANewTokenOfThatKey()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync();
        var oldKey = scenario.Pool.ActiveKey;
        var cached = "Bearer " + scenario.AccessToken();
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", cached)).StatusCode);

        scenario.Pool.Rotate();
        scenario.Pool.Withdraw(oldKey);
        await KeyRotation.RefreshKeysAsync(gateway, scenario);

        // A withdrawn key may have been compromised: the refresh that drops it clears the result cache, so the
        // cached token is validated again, against the current keys, and refused.
        var again = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1", cached));
        await GatewayAssert.UnauthorizedAsync(again);
        Assert.Equal("unknown_kid", await gateway.ReasonAsync(again));

        var fresh = Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), oldKey);
        var refused = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1", "Bearer " + fresh));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("unknown_kid", await gateway.ReasonAsync(refused));
    }

    [Fact]
    public async Task CacheOff_TokenRefusedAfterItsKeyIsWithdrawn()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ResultTtlSeconds", 0));
        var oldKey = scenario.Pool.ActiveKey;
        var token = "Bearer " + scenario.AccessToken();
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", token)).StatusCode);

        scenario.Pool.Rotate();
        scenario.Pool.Withdraw(oldKey);
        await KeyRotation.RefreshKeysAsync(gateway, scenario);

        var refused = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1", token));
        await GatewayAssert.UnauthorizedAsync(refused);
    }
}
