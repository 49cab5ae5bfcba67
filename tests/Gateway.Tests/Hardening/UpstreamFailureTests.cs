using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hardening;

public sealed class UpstreamFailureTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public UpstreamFailureTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task BackendRefusesConnection_502JsonBadGateway()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var json = HardeningConfig.Json(_scenario.Pool, backend).Replace(backend.BaseAddress.ToString(), $"http://127.0.0.1:{ClosedPort()}/");
        await using var gateway = await GatewayHost.StartAsync(json);

        var response = await gateway.GetAsync("/open/ok");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("{\"message\":\"Bad Gateway\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task BackendSilentPastClusterTimeout_504EndpointRequestTimedOut()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool, backend, clusterHttpRequest: """, "HttpRequest": { "ActivityTimeout": "00:00:00.500" }"""));

        var response = await gateway.GetAsync("/open/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("{\"message\":\"Endpoint request timed out\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BackendSilent_DefaultUpstreamTimeoutFromGatewayLimits_504()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool, backend, extraGateway: """, "Limits": { "UpstreamTimeout": "00:00:00.500" }"""));

        var response = await gateway.GetAsync("/open/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("{\"message\":\"Endpoint request timed out\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BackendSilentPastRouteTimeout_504EndpointRequestTimedOut()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(
            _scenario.Pool, backend, extraRoute: """, "Timeout": "00:00:00.500" """));

        var response = await gateway.GetAsync("/api/slow", "Bearer " + Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "api/call"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("{\"message\":\"Endpoint request timed out\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BackendResetsMidResponse_ClientSeesAbortedResponse_GatewayKeepsServing()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/reset");
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        Assert.True(await body.ReadAsync(buffer) > 0);
        backend.AbortReset.TrySetResult();

        // The rest never comes: the gateway aborts the client's response instead of ending it cleanly.
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        });

        var next = await gateway.GetAsync("/open/ok");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
