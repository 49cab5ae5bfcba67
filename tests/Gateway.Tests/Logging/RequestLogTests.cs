using Gateway.Tests.Infrastructure;
using Serilog.Events;

namespace Gateway.Tests.Logging;

/// <summary>
/// One request-log event per request with route, decision, reason code, client id, sub and status, so an
/// operator can tell refusals apart; and never the token, in any event.
/// </summary>
public sealed class RequestLogTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public RequestLogTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task AllowedRequest_EventCarriesRouteClientSubAndStatus()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken());
        var e = await gateway.RequestEventAsync(response);

        Assert.Equal("allowed", e.Scalar("Reason"));
        Assert.Equal("allow", e.Scalar("Decision"));
        Assert.Equal("orders-read", e.Scalar("RouteId"));
        Assert.Equal(GatewayScenario.ClientId, e.Scalar("ClientId"));
        Assert.Equal(GatewayScenario.ClientId, e.Scalar("Sub"));
        Assert.Equal("200", e.Scalar("StatusCode"));
        Assert.Equal("200", e.Scalar("UpstreamStatus"));
        Assert.Equal("main", e.Scalar("Authorizer"));

        // The name an operator overrides the request log's level with (README, Logging).
        Assert.Equal("Gateway.RequestLog", e.Scalar("SourceContext"));
    }

    [Fact]
    public async Task EachOutcome_ItsReasonCodeAndDecision()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var expired = Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5));
        var cases = new (string Path, string? Authorization, string Reason, string Decision, string? RouteId, string Status)[]
        {
            ("/orders/1", null, "missing_token", "deny", "orders-read", "401"),
            ("/orders/1", "Bearer " + expired, "expired", "deny", "orders-read", "401"),
            ("/orders/1", "Bearer " + _scenario.AccessToken("orders/write"), "scope_mismatch", "deny", "orders-read", "401"),
            ("/orders/1", "Bearer x.y.z", "malformed", "deny", "orders-read", "401"),
            ("/nothing", null, "no_route", "deny", null, "403"),
            ("/public/x", null, "anonymous_route", "allow", "public", "200"),
        };

        foreach (var (path, authorization, reason, decision, routeId, status) in cases)
        {
            var e = await gateway.RequestEventAsync(await gateway.GetAsync(path, authorization));
            Assert.Equal(reason, e.Scalar("Reason"));
            Assert.Equal(decision, e.Scalar("Decision"));
            Assert.Equal(routeId, e.Scalar("RouteId"));
            Assert.Equal(status, e.Scalar("StatusCode"));
        }
    }

    [Fact]
    public async Task ScopeMismatch_ClientAndSubLoggedForTheRefusedToken()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var e = await gateway.RequestEventAsync(await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken("orders/write")));

        Assert.Equal(GatewayScenario.ClientId, e.Scalar("ClientId"));
        Assert.Equal(GatewayScenario.ClientId, e.Scalar("Sub"));
    }

    [Fact]
    public async Task OneEventPerRequest()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        var response = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken());
        var requestId = GatewayAssert.RequestId(response);
        await gateway.Log.WaitForRequestEventAsync(requestId);

        Assert.Single(gateway.Log.Events, e => e.Scalar("RequestId") == requestId && e.Properties.ContainsKey("Decision"));
    }

    [Fact]
    public async Task TokenNeverLogged_InAnyEvent()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var forger = TestIssuer.Pool.NewKey(_scenario.Pool.ActiveKey.KeyId);
        var tokens = new[]
        {
            _scenario.AccessToken(),
            _scenario.AccessToken("orders/write"),
            Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5)),
            Tokens.Sign(Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), forger),
            Tokens.Sign(Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), TestIssuer.Pool.NewKey()),
            _scenario.IdToken(),
        };

        foreach (var token in tokens)
        {
            foreach (var path in new[] { "/orders/1", "/profile", "/nothing", "/public/x" })
            {
                await gateway.RequestEventAsync(await gateway.GetAsync(path, "Bearer " + token));
            }

            await gateway.RequestEventAsync(await gateway.GetAsync("/orders/1", token));
        }

        var logged = string.Join("\n", gateway.Log.Events.Select(Render));
        Assert.Contains("allowed", logged);
        foreach (var token in tokens)
        {
            var parts = token.Split('.');
            Assert.DoesNotContain(token, logged);
            Assert.DoesNotContain(parts[1], logged);
            Assert.DoesNotContain(parts[2], logged);
        }
    }

    private static string Render(LogEvent e) =>
        e.RenderMessage() + " " + string.Join(" ", e.Properties.Select(p => p.Key + "=" + p.Value)) + " " + e.Exception;
}
