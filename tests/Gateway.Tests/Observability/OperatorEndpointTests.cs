using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Observability;

/// <summary>
/// GET /_gateway/routes lists the effective routes with their methods, authorizer and scopes; POST
/// /_gateway/explain decides on a described request without forwarding it. Both off by default and loopback
/// only; /_gateway/ is the gateway's own whether they are on or not.
/// </summary>
public sealed class OperatorEndpointTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public OperatorEndpointTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    private Task<GatewayHost> StartEnabledAsync(Action<JsonObject>? adjust = null) =>
        _scenario.StartGatewayAsync(c =>
        {
            c.Set("Gateway:Operator:Enabled", true);
            adjust?.Invoke(c);
        });

    [Fact]
    public async Task Default_Off_403MissingAuthenticationToken()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/_gateway/routes"));
        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.Client.PostAsJsonAsync("/_gateway/explain", new { path = "/orders/1" }));
    }

    [Fact]
    public async Task Off_NeverForwardedEvenUnderACatchAllRoute()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c =>
            c.Set("ReverseProxy:Routes:everything", JsonConfig.Parse("""{ "ClusterId": "echo", "Match": { "Path": "/{**rest}" }, "Metadata": { "Authorizer": "NONE" } }""")));

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/_gateway/routes"));

        await GatewayAssert.MissingAuthenticationTokenAsync(response);
    }

    [Fact]
    public async Task Enabled_FromAnotherNetwork_403MissingAuthenticationToken()
    {
        await using var gateway = await StartEnabledAsync(c => c.Set("Gateway:Operator:AllowedNetworks", new JsonArray("10.0.0.0/8", "fd00::/8")));

        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/_gateway/routes"));
        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.Client.PostAsJsonAsync("/_gateway/explain", new { path = "/orders/1" }));
    }

    [Fact]
    public async Task Routes_EachRouteWithMethodsAuthorizerScopesAndCluster()
    {
        await using var gateway = await StartEnabledAsync();

        var response = await gateway.GetAsync("/_gateway/routes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray()
            .ToDictionary(i => i!["routeId"]!.GetValue<string>(), i => i!.AsObject());
        Assert.Equal(["orders-read", "orders-write", "profile", "public"], items.Keys.Order());

        var read = items["orders-read"];
        Assert.Equal("/orders/{**rest}", read["path"]!.GetValue<string>());
        Assert.Equal(["GET"], Strings(read["methods"]));
        Assert.Equal("main", read["authorizer"]!.GetValue<string>());
        Assert.Equal(["orders/read", "orders/admin"], Strings(read["scopes"]));
        Assert.Equal("Any", read["scopeMatch"]!.GetValue<string>());
        Assert.Equal("echo", read["cluster"]!.GetValue<string>());

        Assert.Equal(["orders/write", "orders/admin"], Strings(items["orders-write"]["scopes"]));
        Assert.Equal("All", items["orders-write"]["scopeMatch"]!.GetValue<string>());
        Assert.Empty(Strings(items["profile"]["scopes"]));
        Assert.Equal("NONE", items["public"]["authorizer"]!.GetValue<string>());
        Assert.Equal(["ANY"], Strings(items["public"]["methods"]));
    }

    [Fact]
    public async Task Explain_GoodToken_Allow_NothingForwarded()
    {
        await using var gateway = await StartEnabledAsync();
        var token = _scenario.AccessToken("orders/read other/scope");
        var before = _scenario.Backend.Requests;

        var answer = await ExplainAsync(gateway, new { method = "GET", path = "/orders/1", authorization = "Bearer " + token });

        Assert.Equal(before, _scenario.Backend.Requests);

        Assert.Equal("orders-read", answer["route"]!.GetValue<string>());
        Assert.Equal("main", answer["authorizer"]!.GetValue<string>());
        Assert.Equal("allow", answer["decision"]!.GetValue<string>());
        Assert.Equal("allowed", answer["reason"]!.GetValue<string>());
        Assert.True(answer["forward"]!.GetValue<bool>());
        Assert.Null(answer["status"]);
        Assert.Equal(GatewayScenario.ClientId, answer["clientId"]!.GetValue<string>());
        Assert.Equal("access", answer["tokenUse"]!.GetValue<string>());
        Assert.Equal(["orders/read", "other/scope"], Strings(answer["scopes"]));
    }

    [Fact]
    public async Task Explain_WrongScope_DenyScopeMismatch401()
    {
        await using var gateway = await StartEnabledAsync();

        var answer = await ExplainAsync(gateway, new { method = "GET", path = "/orders/1", authorization = "Bearer " + _scenario.AccessToken("orders/write") });

        Assert.Equal("orders-read", answer["route"]!.GetValue<string>());
        Assert.Equal("deny", answer["decision"]!.GetValue<string>());
        Assert.Equal("scope_mismatch", answer["reason"]!.GetValue<string>());
        Assert.Equal(401, answer["status"]!.GetValue<int>());
        Assert.False(answer["forward"]!.GetValue<bool>());
        Assert.Equal(["orders/admin", "orders/read"], Strings(answer["requiredScopes"]).Order());
    }

    [Fact]
    public async Task Explain_MethodPicksTheRoute_AllOfScopes()
    {
        await using var gateway = await StartEnabledAsync();

        var write = await ExplainAsync(gateway, new { method = "POST", path = "/orders/1", authorization = "Bearer " + _scenario.AccessToken("orders/write") });
        var both = await ExplainAsync(gateway, new { method = "post", path = "/orders/1", authorization = "Bearer " + _scenario.AccessToken("orders/write orders/admin") });

        Assert.Equal("orders-write", write["route"]!.GetValue<string>());
        Assert.Equal("scope_mismatch", write["reason"]!.GetValue<string>());
        Assert.Equal("allowed", both["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Explain_Refusals_ReasonAndStatusAsARealRequest()
    {
        await using var gateway = await StartEnabledAsync(c => c.Set("Gateway:ResponseStyle", "HttpApi"));
        var expired = Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromSeconds(-5));
        var cases = new (object Request, string? Route, string Decision, string Reason, int? Status)[]
        {
            (new { path = "/orders/1" }, "orders-read", "deny", "missing_token", 401),
            (new { path = "/orders/1", authorization = "Bearer " + expired }, "orders-read", "deny", "expired", 401),
            (new { path = "/orders/1", authorization = "Bearer " + _scenario.AccessToken("orders/write") }, "orders-read", "deny", "scope_mismatch", 403),
            (new { path = "/profile", authorization = "Bearer " + _scenario.AccessToken() }, "profile", "deny", "wrong_token_use", 401),
            (new { path = "/profile", authorization = _scenario.IdToken() }, "profile", "allow", "allowed", null),
            (new { method = "DELETE", path = "/orders/1" }, null, "deny", "no_route", 403),
            (new { path = "/nothing?x=1" }, null, "deny", "no_route", 403),
            (new { path = "/public/a?b=c" }, "public", "allow", "anonymous_route", null),
            (new { path = "/healthz" }, null, "deny", "no_route", 403),
        };

        foreach (var (request, route, decision, reason, status) in cases)
        {
            var answer = await ExplainAsync(gateway, request);
            Assert.Equal(route, answer["route"]?.GetValue<string>());
            Assert.Equal(decision, answer["decision"]!.GetValue<string>());
            Assert.Equal(reason, answer["reason"]!.GetValue<string>());
            Assert.Equal(status, answer["status"]?.GetValue<int>());
        }
    }

    [Fact]
    public async Task Explain_NeverEchoesTheToken()
    {
        await using var gateway = await StartEnabledAsync();
        var token = _scenario.AccessToken();

        var before = _scenario.Backend.Requests;
        var response = await gateway.Client.PostAsJsonAsync("/_gateway/explain", new { path = "/orders/1", authorization = "Bearer " + token });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(before, _scenario.Backend.Requests);
        Assert.DoesNotContain(token.Split('.')[1], text);
        Assert.DoesNotContain(token.Split('.')[2], text);
    }

    [Fact]
    public async Task Explain_BadBody_400()
    {
        await using var gateway = await StartEnabledAsync();

        var notJson = await gateway.Client.PostAsync("/_gateway/explain", new StringContent("path=/x"));
        var noPath = await gateway.Client.PostAsJsonAsync("/_gateway/explain", new { method = "GET" });

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPath.StatusCode);
    }

    [Fact]
    public async Task WrongMethodOrUnknownPath_UnderThePrefix_403()
    {
        await using var gateway = await StartEnabledAsync();

        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/_gateway/explain"));
        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/_gateway/other"));
        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/_gateway"));
    }

    private static async Task<JsonObject> ExplainAsync(GatewayHost gateway, object request)
    {
        var response = await gateway.Client.PostAsJsonAsync("/_gateway/explain", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string[] Strings(JsonNode? array) =>
        array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
