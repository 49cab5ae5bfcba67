using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Observability;

/// <summary>
/// Prometheus text on /metrics through OpenTelemetry: requests by route, status, decision and reason; the
/// authorizer's latency and result cache; key fetches per pool; upstream latency and errors. Loopback only by
/// default, and from elsewhere the path looks like any path without a route.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public MetricsTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task Requests_CountedByRouteStatusDecisionAndReason()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Isolate("m1"));

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken("orders/write"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/2")).StatusCode);

        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_requests_total", "route=\"orders-read-m1\"") >= 3
            && Scrape.Value(t, "gateway_request_duration_seconds_count", "route=\"orders-read-m1\"") >= 3);

        Assert.Equal(1, Scrape.Value(text, "gateway_requests_total", "route=\"orders-read-m1\"", "status=\"200\"", "decision=\"allow\"", "reason=\"allowed\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_requests_total", "route=\"orders-read-m1\"", "status=\"401\"", "decision=\"deny\"", "reason=\"scope_mismatch\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_requests_total", "route=\"orders-read-m1\"", "status=\"401\"", "reason=\"missing_token\""));
        Assert.Contains("# TYPE gateway_requests_total counter", text);

        // The same requests timed, by route and status (ASP.NET Core's http.server.request.duration is not collected).
        Assert.Equal(1, Scrape.Value(text, "gateway_request_duration_seconds_count", "route=\"orders-read-m1\"", "status=\"200\""));
        Assert.Equal(2, Scrape.Value(text, "gateway_request_duration_seconds_count", "route=\"orders-read-m1\"", "status=\"401\""));
        Assert.True(Scrape.Value(text, "gateway_request_duration_seconds_sum", "route=\"orders-read-m1\"", "status=\"200\"") > 0);
        Assert.Contains("# TYPE gateway_request_duration_seconds histogram", text);
        Assert.Contains("gateway_request_duration_seconds_bucket{", text);
    }

    [Fact]
    public async Task AuthorizerCache_MissThenHit_DurationOfMissesAndRefusals()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Isolate("m2"));
        var token = _scenario.AccessToken();
        const string authorizer = "authorizer=\"main-m2\"";

        await gateway.GetAsync("/orders/1", "Bearer " + token);
        var first = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_token_cache_misses_total", authorizer) >= 1);
        Assert.Equal(1, Scrape.Value(first, "gateway_token_cache_misses_total", authorizer));
        Assert.Equal(0, Scrape.Value(first, "gateway_token_cache_hits_total", authorizer));

        await gateway.GetAsync("/orders/1", "Bearer " + token);
        await gateway.GetAsync("/orders/2", "Bearer " + token);
        await gateway.GetAsync("/orders/3");
        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_token_cache_hits_total", authorizer) >= 2
            && Scrape.Value(t, "gateway_authorizer_duration_seconds_count", authorizer, "result=\"refused\"") >= 1);

        Assert.Equal(1, Scrape.Value(text, "gateway_token_cache_misses_total", authorizer));
        Assert.Equal(2, Scrape.Value(text, "gateway_token_cache_hits_total", authorizer));
        // Hits are counted, not timed: the histogram has the validation and the refusal only.
        Assert.Equal(0, Scrape.Value(text, "gateway_authorizer_duration_seconds_count", authorizer, "result=\"cache_hit\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_authorizer_duration_seconds_count", authorizer, "result=\"cache_miss\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_authorizer_duration_seconds_count", authorizer, "result=\"refused\""));
        Assert.Contains("gateway_authorizer_duration_seconds_bucket{", text);
    }

    [Fact]
    public async Task KeyFetches_CountedPerIssuerAndOutcome()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync();
        var issuer = $"issuer=\"{scenario.Pool.Issuer}\"";

        // Loaded at start-up by the warm-up; a request makes sure the keys are there.
        await gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken());
        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_keys_fetches_total", issuer, "outcome=\"success\"") >= 1);
        Assert.Equal(0, Scrape.Value(text, "gateway_keys_fetches_total", issuer, "outcome=\"failure\""));

        // A token with an unknown kid makes the gateway refetch; with the issuer down, that fetch fails.
        scenario.Issuer.Down = true;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // past UnknownKidCooldown
        var forged = Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), TestIssuer.Pool.NewKey());
        await gateway.GetAsync("/orders/1", "Bearer " + forged);

        await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_keys_fetches_total", issuer, "outcome=\"failure\"") >= 1);
    }

    [Fact]
    public async Task Upstream_DurationByRouteAndStatus_ErrorsByName()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c =>
        {
            c.Isolate("m3");

            // A cluster nobody listens on: the connection is refused.
            c.Set("ReverseProxy:Clusters:dead", JsonConfig.Parse("""{ "Destinations": { "d1": { "Address": "http://127.0.0.1:1/" } } }"""));
            c.Set("ReverseProxy:Routes:dead-m3", JsonConfig.Parse("""{ "ClusterId": "dead", "Match": { "Path": "/dead" }, "Metadata": { "Authorizer": "NONE" } }"""));
        });

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/public/x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await gateway.GetAsync("/dead")).StatusCode);
        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_upstream_errors_total", "route=\"dead-m3\"") >= 1
            && Scrape.Value(t, "gateway_upstream_duration_seconds_count", "route=\"public-m3\"") >= 1);

        Assert.Equal(1, Scrape.Value(text, "gateway_upstream_duration_seconds_count", "route=\"public-m3\"", "status=\"200\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_upstream_duration_seconds_count", "route=\"dead-m3\"", "status=\"502\""));
        Assert.Equal(1, Scrape.Value(text, "gateway_upstream_errors_total", "route=\"dead-m3\"", "error=\"Request\""));
    }

    [Fact]
    public async Task StandardInstruments_AspNetCoreAndHttpClient()
    {
        await using var gateway = await _scenario.StartGatewayAsync();

        await gateway.GetAsync("/public/x");

        var text = await gateway.MetricsAsync(t => t.Contains("gateway_request_duration_seconds_bucket{", StringComparison.Ordinal)
            && t.Contains("http_client_request_duration_seconds_bucket{", StringComparison.Ordinal));

        // Per-request instruments left out for their cost (README, Metrics).
        Assert.DoesNotContain("http_server_request_duration", text);
        Assert.DoesNotContain("http_server_active_requests", text);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text);
        Assert.DoesNotContain("http_client_active_requests", text);
        Assert.DoesNotContain("http_client_request_time_in_queue", text);
        Assert.DoesNotContain("http_client_open_connections", text);
        Assert.DoesNotContain("aspnetcore_memory_pool_rented", text);
        Assert.DoesNotContain("aspnetcore_memory_pool_pooled", text);
        Assert.Contains("kestrel_", text);
    }

    [Fact]
    public async Task ClientRequestDuration_KeyFetchesOnly_NotForwarding()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Isolate("m5"));

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/public/x")).StatusCode);
        var issuerPort = $"server_port=\"{_scenario.Issuer.BaseAddress.Port}\"";
        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_upstream_duration_seconds_count", "route=\"public-m5\"") >= 1
            && Scrape.Value(t, "http_client_request_duration_seconds_count", issuerPort) >= 1);

        // The forwarder's duplicate of gateway_upstream_duration_seconds is dropped; the key endpoints' is kept.
        Assert.Equal(0, Scrape.Value(text, "http_client_request_duration_seconds_count", $"server_port=\"{_scenario.Backend.BaseAddress.Port}\""));
    }

    [Fact]
    public async Task ProbesAndScrapes_NotCountedAsRequests()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Isolate("m4"));

        await gateway.GetAsync("/healthz");
        await gateway.GetAsync("/metrics");
        await gateway.GetAsync("/public/x");
        var text = await gateway.MetricsAsync(t => Scrape.Value(t, "gateway_requests_total", "route=\"public-m4\"") >= 1);

        Assert.DoesNotContain("route=\"none\",status=\"200\"", text);
    }

    [Fact]
    public async Task FromAnotherNetwork_403MissingAuthenticationToken()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c =>
            c.Set("Gateway:Observability:Metrics:AllowedNetworks", new System.Text.Json.Nodes.JsonArray("10.0.0.0/8")));

        var response = await gateway.GetAsync("/metrics");

        await GatewayAssert.MissingAuthenticationTokenAsync(response);
        Assert.Equal("no_route", await gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task CustomPath_ServedThere()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Observability:Metrics:Path", "/_metrics"));

        await gateway.MetricsAsync(t => t.Contains("# EOF", StringComparison.Ordinal) || t.Contains("# TYPE", StringComparison.Ordinal), "/_metrics");
        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/metrics"));
    }

    [Fact]
    public async Task Disabled_PathIsNotAnEndpoint()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c => c.Set("Gateway:Observability:Metrics:Enabled", false));

        await GatewayAssert.MissingAuthenticationTokenAsync(await gateway.GetAsync("/metrics"));
    }

    [Fact]
    public async Task Scrape_NeverForwarded()
    {
        await using var gateway = await _scenario.StartGatewayAsync(c =>
            c.Set("ReverseProxy:Routes:everything", JsonConfig.Parse("""{ "ClusterId": "echo", "Match": { "Path": "/{**rest}" }, "Metadata": { "Authorizer": "NONE" } }""")));

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => gateway.GetAsync("/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
