using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// Route scopes (default config): GET /orders/* needs orders/read OR orders/admin (any-of, API Gateway's rule);
/// POST /orders/* needs orders/write AND orders/admin (ScopeMatch All). Matching is exact.
/// </summary>
public sealed class ScopeTests : IClassFixture<DefaultGateway>
{
    private readonly DefaultGateway _fixture;

    public ScopeTests(DefaultGateway fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("orders/read")]
    [InlineData("orders/admin")]
    [InlineData("orders/read orders/admin")]
    [InlineData("profile/read orders/admin other/x")]
    public async Task AnyOf_EitherScope_Forwarded(string tokenScopes)
    {
        var response = await _fixture.Gateway.GetAsync("/orders/7", "Bearer " + _fixture.Scenario.AccessToken(tokenScopes));

        Assert.Equal("/orders/7", (await _fixture.Gateway.EchoAsync(response)).Path);
    }

    [Theory]
    [InlineData("orders/write")]
    [InlineData("orders/READ")]
    [InlineData("orders/readx")]
    [InlineData("orders")]
    [InlineData("read")]
    [InlineData("")]
    public async Task AnyOf_NoneOfTheScopes_401Unauthorized(string tokenScopes)
    {
        var response = await RefusedAsync(HttpMethod.Get, "/orders/7", _fixture.Scenario.AccessToken(tokenScopes));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task AccessTokenWithoutScopeClaim_401Unauthorized()
    {
        var claims = Tokens.AccessClaims(_fixture.Scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims.Remove("scope");

        var response = await RefusedAsync(HttpMethod.Get, "/orders/7", Tokens.Sign(claims, _fixture.Scenario.Pool.ActiveKey));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task ScopeClaimNotAString_401Unauthorized()
    {
        var claims = Tokens.AccessClaims(_fixture.Scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims["scope"] = new[] { "orders/read" };

        var response = await RefusedAsync(HttpMethod.Get, "/orders/7", Tokens.Sign(claims, _fixture.Scenario.Pool.ActiveKey));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task AllOf_BothScopes_Forwarded()
    {
        var response = await _fixture.Gateway.SendAsync(HttpMethod.Post, "/orders/7", "Bearer " + _fixture.Scenario.AccessToken("orders/write orders/admin"));

        var echo = await _fixture.Gateway.EchoAsync(response);
        Assert.Equal("POST", echo.Method);
    }

    [Theory]
    [InlineData("orders/write")]
    [InlineData("orders/admin")]
    [InlineData("orders/read orders/write")]
    public async Task AllOf_OnlySomeScopes_401Unauthorized(string tokenScopes)
    {
        var response = await RefusedAsync(HttpMethod.Post, "/orders/7", _fixture.Scenario.AccessToken(tokenScopes));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("scope_mismatch", await _fixture.Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task SamePath_GetAndPostNeedDifferentScopes()
    {
        var reader = "Bearer " + _fixture.Scenario.AccessToken("orders/read");
        var writer = "Bearer " + _fixture.Scenario.AccessToken("orders/write orders/admin");

        Assert.Equal(HttpStatusCode.OK, (await _fixture.Gateway.SendAsync(HttpMethod.Get, "/orders/7", reader)).StatusCode);
        await GatewayAssert.UnauthorizedAsync(await RefusedAsync(HttpMethod.Post, "/orders/7", reader));
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Gateway.SendAsync(HttpMethod.Post, "/orders/7", writer)).StatusCode);

        var writeOnly = _fixture.Scenario.AccessToken("orders/write");
        await GatewayAssert.UnauthorizedAsync(await RefusedAsync(HttpMethod.Get, "/orders/7", writeOnly));
    }

    private Task<HttpResponseMessage> RefusedAsync(HttpMethod method, string path, string token) =>
        GatewayAssert.NotForwardedAsync(_fixture.Backend, () => _fixture.Gateway.SendAsync(method, path, "Bearer " + token));
}
