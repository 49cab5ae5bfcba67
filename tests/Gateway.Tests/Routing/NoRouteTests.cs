using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

/// <summary>
/// Whatever matches no route (path or method) gets API Gateway's 403 Missing Authentication Token, with or
/// without a valid token, and never reaches a backend (deny by default; YARP alone would fall through).
/// </summary>
public sealed class NoRouteTests : IClassFixture<DefaultGateway>
{
    private readonly DefaultGateway _fixture;

    public NoRouteTests(DefaultGateway fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/nothing")]
    [InlineData("GET", "/profile/x")]
    [InlineData("GET", "/publicx")]
    [InlineData("POST", "/no/such/path")]
    [InlineData("DELETE", "/orders/1")]
    [InlineData("PUT", "/orders/1")]
    [InlineData("PATCH", "/orders/1")]
    public async Task UnmatchedPathOrMethod_403MissingAuthenticationToken(string method, string path)
    {
        foreach (var authorization in new[] { null, "Bearer " + _fixture.Scenario.AccessToken("orders/read orders/write orders/admin") })
        {
            var response = await GatewayAssert.NotForwardedAsync(_fixture.Backend,
                () => _fixture.Gateway.SendAsync(new HttpMethod(method), path, authorization));

            await GatewayAssert.MissingAuthenticationTokenAsync(response);
            Assert.Equal("no_route", await _fixture.Gateway.ReasonAsync(response));
        }
    }

    [Theory]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("GET", "/nothing/file.json")]
    [InlineData("DELETE", "/orders/1.json")]
    public async Task UnmatchedPathThatLooksLikeAFile_403MissingAuthenticationToken(string method, string path)
    {
        var response = await GatewayAssert.NotForwardedAsync(_fixture.Backend,
            () => _fixture.Gateway.SendAsync(new HttpMethod(method), path));

        await GatewayAssert.MissingAuthenticationTokenAsync(response);
        Assert.Equal("no_route", await _fixture.Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task CatchAllRoute_MatchesItsBarePrefix()
    {
        // /orders/{**rest} also matches /orders: a route, not a missing one, so the authorizer answers.
        var response = await GatewayAssert.NotForwardedAsync(_fixture.Backend, () => _fixture.Gateway.GetAsync("/orders"));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task MatchedMethod_StillForwarded()
    {
        var response = await _fixture.Gateway.GetAsync("/orders/1.json", "Bearer " + _fixture.Scenario.AccessToken());

        Assert.Equal("/orders/1.json", (await _fixture.Gateway.EchoAsync(response)).Path);
    }
}
