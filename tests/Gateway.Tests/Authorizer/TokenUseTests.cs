using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// token_use as API Gateway REST decides it: a route with scopes needs an access token; a route without scopes
/// (/profile) needs an ID token by default, or what Gateway:Authorizers:main:NoScopeTokenUse says.
/// </summary>
public sealed class TokenUseTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public TokenUseTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task ScopedRoute_IdToken_401Unauthorized()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await RefusedAsync(gateway, "/orders/1", _scenario.IdToken());

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_token_use", await gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task NoScopeRoute_Default_IdTokenForwardedAccessTokenRefused()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/profile", _scenario.IdToken())).StatusCode);
        var refused = await RefusedAsync(gateway, "/profile", _scenario.AccessToken());
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("wrong_token_use", await gateway.ReasonAsync(refused));
    }

    [Theory]
    [InlineData("Id", true, false)]
    [InlineData("Access", false, true)]
    [InlineData("Any", true, true)]
    [InlineData("any", true, true)]
    public async Task NoScopeRoute_EachMode(string mode, bool idAllowed, bool accessAllowed)
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:NoScopeTokenUse", mode));

        await AssertOutcomeAsync(gateway, "/profile", _scenario.IdToken(), idAllowed);
        await AssertOutcomeAsync(gateway, "/profile", _scenario.AccessToken(), accessAllowed);

        // The mode only concerns routes without scopes: a scoped route still needs an access token.
        await AssertOutcomeAsync(gateway, "/orders/1", _scenario.IdToken(), allowed: false);
        await AssertOutcomeAsync(gateway, "/orders/1", _scenario.AccessToken(), allowed: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("refresh")]
    [InlineData("ACCESS")]
    [InlineData("")]
    public async Task TokenUseMissingOrOther_401Unauthorized(string? tokenUse)
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:NoScopeTokenUse", "Any"));
        var access = Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        var id = Tokens.IdClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId);
        foreach (var claims in new[] { access, id })
        {
            if (tokenUse is null)
            {
                claims.Remove("token_use");
            }
            else
            {
                claims["token_use"] = tokenUse;
            }
        }

        foreach (var (path, claims) in new[] { ("/orders/1", access), ("/profile", access), ("/profile", id) })
        {
            var response = await RefusedAsync(gateway, path, Tokens.Sign(claims, _scenario.Pool.ActiveKey));
            await GatewayAssert.UnauthorizedAsync(response);
            Assert.Equal("wrong_token_use", await gateway.ReasonAsync(response));
        }
    }

    private async Task AssertOutcomeAsync(GatewayHost gateway, string path, string token, bool allowed)
    {
        if (allowed)
        {
            Assert.Equal(path, (await gateway.EchoAsync(await gateway.GetAsync(path, "Bearer " + token))).Path);
        }
        else
        {
            await GatewayAssert.UnauthorizedAsync(await RefusedAsync(gateway, path, token));
        }
    }

    private Task<HttpResponseMessage> RefusedAsync(GatewayHost gateway, string path, string token) =>
        GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync(path, "Bearer " + token));
}
