using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Responses;

/// <summary>
/// API Gateway "gateway responses": per response type, the status code, the body template and extra headers
/// (the usual fix for 401s without CORS headers); DEFAULT_4XX applies to every 4xx type.
/// </summary>
public sealed class GatewayResponseTemplateTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public GatewayResponseTemplateTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task UnauthorizedTemplate_HeadersAndBodyWithRequestIdAndMessage()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:UNAUTHORIZED", JsonConfig.Parse("""
            {
              "Headers": { "Access-Control-Allow-Origin": "*" },
              "Body": "{\"error\":$context.error.messageString,\"requestId\":\"$context.requestId\",\"type\":\"$context.error.responseType\"}"
            }
            """)));

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1"));

        var requestId = GatewayAssert.RequestId(response);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"{{\"error\":\"Unauthorized\",\"requestId\":\"{requestId}\",\"type\":\"UNAUTHORIZED\"}}", await response.Content.ReadAsStringAsync());
        Assert.Equal("*", GatewayAssert.Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("UnauthorizedException", GatewayAssert.Single(response, "x-amzn-ErrorType"));
    }

    [Fact]
    public async Task UnauthorizedTemplate_AppliesToTheExpiredMessage()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:UNAUTHORIZED", JsonConfig.Parse("""
            { "Body": "{\"msg\":$context.error.messageString,\"raw\":\"$context.error.message\"}" }
            """)));
        var token = Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5));

        var response = await gateway.GetAsync("/orders/1", "Bearer " + token);

        Assert.Equal("{\"msg\":\"The incoming token has expired\",\"raw\":\"The incoming token has expired\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StatusCodeOverride_Applied()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:MISSING_AUTHENTICATION_TOKEN", JsonConfig.Parse("""
            { "StatusCode": 404, "Body": "{\"message\":\"Not Found\"}" }
            """)));

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/nothing"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"message\":\"Not Found\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("MissingAuthenticationTokenException", GatewayAssert.Single(response, "x-amzn-ErrorType"));
    }

    [Fact]
    public async Task UnauthorizedStatusOverride_KeepsDefaultBody()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:UNAUTHORIZED:StatusCode", 403));

        var response = await gateway.GetAsync("/orders/1");

        await GatewayAssert.RestErrorAsync(response, HttpStatusCode.Forbidden, GatewayAssert.Unauthorized, "UnauthorizedException");
    }

    [Fact]
    public async Task Default4xxHeaders_AppliedToMissingAuthenticationTokenAndUnauthorized()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:DEFAULT_4XX", JsonConfig.Parse("""
            { "Headers": { "Access-Control-Allow-Origin": "https://app.example.com", "Vary": "Origin" } }
            """)));

        var noRoute = await gateway.GetAsync("/nothing");
        await GatewayAssert.MissingAuthenticationTokenAsync(noRoute);
        Assert.Equal("https://app.example.com", GatewayAssert.Single(noRoute, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin", GatewayAssert.Single(noRoute, "Vary"));

        var unauthorized = await gateway.GetAsync("/orders/1");
        await GatewayAssert.UnauthorizedAsync(unauthorized);
        Assert.Equal("https://app.example.com", GatewayAssert.Single(unauthorized, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TypeHeaders_WinOverDefault4xx()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c
            .Set("Gateway:Responses:DEFAULT_4XX", JsonConfig.Parse("""{ "Headers": { "Access-Control-Allow-Origin": "*" } }"""))
            .Set("Gateway:Responses:UNAUTHORIZED", JsonConfig.Parse("""{ "Headers": { "Access-Control-Allow-Origin": "https://app.example.com" } }""")));

        var response = await gateway.GetAsync("/orders/1");

        Assert.Equal("https://app.example.com", GatewayAssert.Single(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Default4xxHeaders_NotOnForwardedResponses()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Responses:DEFAULT_4XX", JsonConfig.Parse("""
            { "Headers": { "X-Gateway-Error": "yes" } }
            """)));

        var response = await gateway.GetAsync("/public/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Gateway-Error"));
    }
}
