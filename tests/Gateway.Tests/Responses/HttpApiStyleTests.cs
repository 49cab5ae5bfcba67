using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Responses;

/// <summary>
/// Gateway:ResponseStyle = HttpApi: API Gateway HTTP API / RFC 6750 challenges (authorizer-semantics.md section 3).
/// </summary>
public sealed class HttpApiStyleTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public HttpApiStyleTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task MissingToken_401WithBareBearerChallenge()
    {
        await using var gateway = await StartAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1"));

        await AssertJsonAsync(response, HttpStatusCode.Unauthorized, GatewayAssert.Unauthorized);
        Assert.Equal("Bearer", Challenge(response));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task InvalidToken_401WithInvalidTokenChallenge(string header)
    {
        await using var gateway = await StartAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", header));

        await AssertJsonAsync(response, HttpStatusCode.Unauthorized, GatewayAssert.Unauthorized);
        Assert.StartsWith("Bearer ", Challenge(response));
        Assert.Contains("error=\"invalid_token\"", Challenge(response));
    }

    [Fact]
    public async Task ExpiredToken_401WithExpiredDescription()
    {
        await using var gateway = await StartAsync();
        var token = Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5));

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", "Bearer " + token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Challenge(response));
        Assert.Matches("error_description=\"[^\"]*expired[^\"]*\"", Challenge(response));
    }

    [Fact]
    public async Task ScopeMismatch_403ForbiddenWithInsufficientScope()
    {
        await using var gateway = await StartAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken("orders/write")));

        await AssertJsonAsync(response, HttpStatusCode.Forbidden, "{\"message\":\"Forbidden\"}");
        Assert.Contains("error=\"insufficient_scope\"", Challenge(response));
        Assert.Contains("scope=\"orders/read orders/admin\"", Challenge(response));
    }

    [Fact]
    public async Task WrongTokenType_401InvalidToken()
    {
        await using var gateway = await StartAsync();

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/orders/1", _scenario.IdToken()));

        await AssertJsonAsync(response, HttpStatusCode.Unauthorized, GatewayAssert.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", Challenge(response));
    }

    [Fact]
    public async Task NoRoute_Still403MissingAuthenticationToken()
    {
        await using var gateway = await StartAsync();

        var response = await gateway.GetAsync("/nothing");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(GatewayAssert.MissingAuthenticationToken, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ValidToken_Forwarded()
    {
        await using var gateway = await StartAsync();

        var response = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken());

        Assert.Equal("/orders/1", (await gateway.EchoAsync(response)).Path);
    }

    private Task<GatewayHost> StartAsync() => _scenario.StartGatewayAsync(c => c.Set("Gateway:ResponseStyle", "HttpApi"));

    private static string Challenge(HttpResponseMessage response) => GatewayAssert.Single(response, "WWW-Authenticate");

    private static async Task AssertJsonAsync(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        GatewayAssert.RequestId(response);
    }
}
