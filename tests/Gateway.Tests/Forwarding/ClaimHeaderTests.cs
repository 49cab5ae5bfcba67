using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// Claim headers (X-User-Sub &lt;- sub, X-Client-Id &lt;- client_id, X-Scopes &lt;- scope) reach the backend with the
/// token's values; client-sent copies never do (KrakenD lura#500, Kong OIDC before 3.14); x-amzn-RequestId is
/// the gateway's; the identity header is forwarded unless ForwardIdentityHeader is false.
/// </summary>
public sealed class ClaimHeaderTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ClaimHeaderTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task AccessToken_ClaimHeadersCarryTheTokensValues()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken("orders/read orders/admin")));

        Assert.Equal(GatewayScenario.ClientId, echo.Header("X-User-Sub"));
        Assert.Equal(GatewayScenario.ClientId, echo.Header("X-Client-Id"));
        Assert.Equal("orders/read orders/admin", echo.Header("X-Scopes"));
    }

    [Fact]
    public async Task IdToken_SubForwarded_AbsentClaimsGiveNoHeader()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var claims = Tokens.IdClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "bob");

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/profile", Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        Assert.Equal((string)claims["sub"], echo.Header("X-User-Sub"));
        Assert.Null(echo.Header("X-Client-Id"));
        Assert.Null(echo.Header("X-Scopes"));
    }

    [Theory]
    [InlineData("X-User-Sub")]
    [InlineData("x-user-sub")]
    [InlineData("X-USER-SUB")]
    [InlineData("X_User_Sub")]
    [InlineData("x_user-sub")]
    public async Task SpoofedHeaderForAnExistingClaim_ReplacedByTheTokensValue(string spoofed)
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken(),
            r => r.Headers.TryAddWithoutValidation(spoofed, "evil")));

        Assert.Equal(GatewayScenario.ClientId, echo.Header("X-User-Sub"));
        Assert.DoesNotContain(echo.Headers, h => h.Value.Contains("evil"));
    }

    [Theory]
    [InlineData("X-Client-Id")]
    [InlineData("x-client-id")]
    [InlineData("X_Client_Id")]
    [InlineData("X-Scopes")]
    [InlineData("X_SCOPES")]
    public async Task SpoofedHeaderForAMissingClaim_Removed(string spoofed)
    {
        // An ID token has neither client_id nor scope: the client's copy must not stand in for them.
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/profile", _scenario.IdToken(),
            r => r.Headers.TryAddWithoutValidation(spoofed, "evil")));

        Assert.Null(echo.Header("X-Client-Id"));
        Assert.Null(echo.Header("X-Scopes"));
        Assert.DoesNotContain(echo.Headers, h => h.Value.Contains("evil"));
    }

    [Fact]
    public async Task SpoofedHeaderSentTwice_AllCopiesRemoved()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/profile", _scenario.IdToken(), r =>
        {
            r.Headers.TryAddWithoutValidation("X-Client-Id", new[] { "evil", "evil2" });
            r.Headers.TryAddWithoutValidation("X_Client_Id", "evil3");
        }));

        Assert.DoesNotContain(echo.Headers, h => h.Value.Any(v => v.Contains("evil")));
    }

    [Fact]
    public async Task AnonymousRoute_SpoofedClaimHeadersRemoved()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/public/x", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("X-User-Sub", "evil");
            r.Headers.TryAddWithoutValidation("X_Client_Id", "evil");
            r.Headers.TryAddWithoutValidation("x-scopes", "evil");
        }));

        Assert.Equal("/public/x", echo.Path);
        Assert.Null(echo.Header("X-User-Sub"));
        Assert.Null(echo.Header("X-Client-Id"));
        Assert.Null(echo.Header("X-Scopes"));
        Assert.DoesNotContain(echo.Headers, h => h.Value.Contains("evil"));
    }

    [Fact]
    public async Task ClientSentRequestId_ReplacedByTheGatewaysOwn()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var spoofed = Guid.NewGuid().ToString();

        var response = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken(),
            r => r.Headers.TryAddWithoutValidation("x-amzn-RequestId", spoofed));
        var echo = await gateway.EchoAsync(response);

        var requestId = GatewayAssert.RequestId(response);
        Assert.NotEqual(spoofed, requestId);
        Assert.Equal(requestId, echo.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task AnonymousRoute_RequestIdSentUpstream()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/public/x", configure: r => r.Headers.TryAddWithoutValidation("x-amzn-requestid", "spoofed"));

        Assert.Equal(GatewayAssert.RequestId(response), (await gateway.EchoAsync(response)).Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Default_AuthorizationHeaderForwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var token = "Bearer " + _scenario.AccessToken();

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/orders/1", token));

        Assert.Equal(token, echo.Header("Authorization"));
    }

    [Fact]
    public async Task ForwardIdentityHeaderFalse_AuthorizationDropped()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ForwardIdentityHeader", false));

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken()));

        Assert.Null(echo.Header("Authorization"));
        Assert.Equal(GatewayScenario.ClientId, echo.Header("X-User-Sub"));
    }

    [Fact]
    public async Task ForwardIdentityHeaderFalse_CustomIdentitySourceDropped()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c
            .Set("Gateway:Authorizers:main:ForwardIdentityHeader", false)
            .Set("Gateway:Authorizers:main:IdentitySource", "X-Auth-Token"));

        var echo = await gateway.EchoAsync(await gateway.GetAsync("/orders/1",
            configure: r => r.Headers.TryAddWithoutValidation("X-Auth-Token", _scenario.AccessToken())));

        Assert.Null(echo.Header("X-Auth-Token"));
    }
}
