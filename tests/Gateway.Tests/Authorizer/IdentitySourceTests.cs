using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// The identity-source header: the bare token (API Gateway's documented form) and "Bearer &lt;jwt&gt;" are
/// accepted; any other scheme, or two different values, is refused; the header name is configurable.
/// </summary>
public sealed class IdentitySourceTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public IdentitySourceTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("{0}")]
    [InlineData("bearer {0}")]
    [InlineData("  Bearer   {0}  ")]
    public async Task BearerOrBareToken_Forwarded(string format)
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/orders/1", string.Format(format, _scenario.AccessToken()));

        Assert.Equal("/orders/1", (await gateway.EchoAsync(response)).Path);
    }

    [Theory]
    [InlineData("Basic {0}")]
    [InlineData("Token {0}")]
    [InlineData("JWT {0}")]
    [InlineData("Bearer {0} {0}")]
    [InlineData("Bearer {0},{0}")]
    public async Task OtherSchemeOrShape_401Unauthorized(string format)
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", string.Format(format, _scenario.AccessToken())));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task HeaderTwiceWithDifferentTokens_401Unauthorized()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var before = _scenario.Backend.Requests;

        // Two header lines, which HttpClient would fold into one: written on the socket.
        var (status, head, body) = await RawHttp.SendAsync(gateway.BaseAddress, "GET", "/orders/1",
            ("Authorization", "Bearer " + _scenario.AccessToken()),
            ("Authorization", "Bearer " + _scenario.AccessToken("orders/admin")));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(GatewayAssert.Unauthorized, body);
        Assert.Contains("x-amzn-ErrorType: UnauthorizedException", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, _scenario.Backend.Requests);
        var requestId = head.Split("\r\n").Single(l => l.StartsWith("x-amzn-RequestId:", StringComparison.OrdinalIgnoreCase))["x-amzn-RequestId:".Length..].Trim();
        Assert.Equal("ambiguous_token", (await gateway.Log.WaitForRequestEventAsync(requestId)).Scalar("Reason"));
    }

    [Fact]
    public async Task HeaderTwiceWithTheSameToken_Forwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var token = "Bearer " + _scenario.AccessToken();

        var (status, _, _) = await RawHttp.SendAsync(gateway.BaseAddress, "GET", "/orders/1", ("Authorization", token), ("Authorization", token));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ConfiguredIdentitySource_TokenReadFromThatHeaderOnly()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:IdentitySource", "X-Auth-Token"));
        var token = _scenario.AccessToken();

        var accepted = await gateway.GetAsync("/orders/1", configure: r => r.Headers.Add("X-Auth-Token", token));
        Assert.Equal("/orders/1", (await gateway.EchoAsync(accepted)).Path);

        var inAuthorization = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", "Bearer " + token));
        await GatewayAssert.UnauthorizedAsync(inAuthorization);
        Assert.Equal("missing_token", await gateway.ReasonAsync(inAuthorization));
    }
}
