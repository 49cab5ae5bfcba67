using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// AllowedClientIds (aws-jwt-verify's strictness): client_id of access tokens and aud of ID tokens must be listed.
/// Without it, any app client of the pool is accepted, as API Gateway REST.
/// </summary>
public sealed class ClientAllowListTests : IClassFixture<GatewayScenario>
{
    private const string Other = "other-app-client";

    private readonly GatewayScenario _scenario;

    public ClientAllowListTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task AccessToken_AllowedClient_Forwarded_OtherClient_401()
    {
        await using var gateway = await StartAsync();

        Assert.Equal("/orders/1", (await gateway.EchoAsync(await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken()))).Path);

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Access(_scenario.Pool, Other, "orders/read")));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("client_not_allowed", await gateway.ReasonAsync(refused));
    }

    [Fact]
    public async Task AccessToken_CheckedOnClientIdNotSub()
    {
        await using var gateway = await StartAsync();
        var claims = Tokens.AccessClaims(_scenario.Pool.Issuer, Other, "orders/read");
        claims["sub"] = GatewayScenario.ClientId;
        claims["aud"] = GatewayScenario.ClientId;

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(refused);
    }

    [Fact]
    public async Task IdToken_AllowedAud_Forwarded_OtherAud_401()
    {
        await using var gateway = await StartAsync();

        Assert.Equal("/profile", (await gateway.EchoAsync(await gateway.GetAsync("/profile", _scenario.IdToken()))).Path);

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/profile", Tokens.Id(_scenario.Pool, Other)));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("client_not_allowed", await gateway.ReasonAsync(refused));
    }

    [Fact]
    public async Task IdToken_CheckedOnAudNotClientId()
    {
        await using var gateway = await StartAsync();
        var claims = Tokens.IdClaims(_scenario.Pool.Issuer, Other);
        claims["client_id"] = GatewayScenario.ClientId;

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/profile", Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(refused);
    }

    [Fact]
    public async Task AccessTokenWithoutClientId_401Unauthorized()
    {
        await using var gateway = await StartAsync();
        var claims = Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims.Remove("client_id");

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(refused);
    }

    [Fact]
    public async Task NoAllowList_AnyClientOfThePool_Forwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/orders/1", "Bearer " + Tokens.Access(_scenario.Pool, Other, "orders/read"));

        Assert.Equal("/orders/1", (await gateway.EchoAsync(response)).Path);
    }

    private Task<GatewayHost> StartAsync() => _scenario.StartGatewayAsync(c => c.Set(
        "Gateway:Authorizers:main:AllowedClientIds", JsonConfig.Parse($"""[ "{GatewayScenario.ClientId}", "second-client" ]""")));
}
