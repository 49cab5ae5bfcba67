using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Configuration;

/// <summary>
/// appsettings.json edited while the gateway runs: routes, scopes and authorizers change without a restart; an
/// invalid edit is refused with an error naming the key, and the last good configuration keeps serving.
/// </summary>
public sealed class ReloadTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-reload-").FullName;
    private GatewayScenario _scenario = null!;
    private GatewayHost _gateway = null!;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _scenario = await GatewayScenario.CreateAsync();
        _path = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(_path, _scenario.DefaultConfig().ToJsonString());
        _gateway = await GatewayHost.StartFromFileAsync(_path);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _scenario.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RouteScopesEdited_NewScopesEnforcedWithoutRestart()
    {
        var reader = "Bearer " + _scenario.AccessToken("orders/read");
        var writer = "Bearer " + _scenario.AccessToken("orders/write");
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/orders/1", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.GetAsync("/orders/1", writer)).StatusCode);

        await EditAsync(c => c.Set("ReverseProxy:Routes:orders-read:Metadata:Scopes", "orders/write"));

        await EventuallyAsync(async () => (await _gateway.GetAsync("/orders/1", writer)).StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.GetAsync("/orders/1", reader)).StatusCode);
    }

    [Fact]
    public async Task RouteEditNamingUnknownAuthorizer_RefusedWithKeyLogged_LastGoodConfigKeepsServing()
    {
        var reader = "Bearer " + _scenario.AccessToken("orders/read");

        await EditAsync(c => c
            .Set("ReverseProxy:Routes:orders-read:Metadata:Authorizer", "nope")
            .Set("ReverseProxy:Routes:orders-read:Metadata:Scopes", "orders/write"));

        var refused = await _gateway.Log.WaitForAsync(e => CapturedLog.Text(e).Contains(
            "ReverseProxy:Routes:orders-read:Metadata:Authorizer names the unknown authorizer 'nope'", StringComparison.Ordinal));
        Assert.True(refused.Level >= Serilog.Events.LogEventLevel.Error);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/orders/1", reader)).StatusCode);
    }

    [Fact]
    public async Task GatewaySectionEditInvalid_RefusedWithKeyLogged_LastGoodConfigKeepsServing()
    {
        var reader = "Bearer " + _scenario.AccessToken("orders/read");

        await EditAsync(c => c
            .Set("Gateway:Authorizers:main:ClockSkew", "00:30:00")
            .Set("ReverseProxy:Routes:orders-read:Metadata:Scopes", "orders/write"));

        var refused = await _gateway.Log.WaitForAsync(e => CapturedLog.Text(e).Contains("Gateway:Authorizers:main:ClockSkew", StringComparison.Ordinal));
        Assert.True(refused.Level >= Serilog.Events.LogEventLevel.Error);

        // YARP refuses its half too (its route validation asks for the gateway state first): it logs the same key
        // in the exception of its own error event.
        await _gateway.Log.WaitForAsync(e => e.Exception?.ToString().Contains("Gateway:Authorizers:main:ClockSkew", StringComparison.Ordinal) == true);

        // Neither half of the edit applies: the routes were refused with the Gateway section.
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/orders/1", reader)).StatusCode);
    }

    [Fact]
    public async Task AllowedClientIdsEdited_OtherClientRefusedAtOnce_EvenWithItsResultCached()
    {
        var token = "Bearer " + _scenario.AccessToken("orders/read");
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/orders/1", token)).StatusCode);

        await EditAsync(c => c.Set("Gateway:Authorizers:main:AllowedClientIds", new JsonArray("some-other-app")));
        await _gateway.Log.WaitForAsync(e => e.RenderMessage().StartsWith("Configuration reloaded", StringComparison.Ordinal));

        var refused = await GatewayAssert.NotForwardedAsync(_scenario.Backend, () => _gateway.GetAsync("/orders/1", token));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("client_not_allowed", await _gateway.ReasonAsync(refused));
    }

    [Fact]
    public async Task NewAuthorizerAndRouteInOneEdit_BothApply()
    {
        var pool2 = _scenario.Issuer.AddPool("local_pool2");
        var token = "Bearer " + Tokens.Access(pool2, "partner-app", "partner/read");

        await EditAsync(c => c
            .Set("Gateway:Authorizers:partners", JsonNode.Parse($$"""{ "UserPools": [ { "Issuer": "{{pool2.Issuer}}" } ] }"""))
            .Set("ReverseProxy:Routes:partner", JsonNode.Parse("""
                { "ClusterId": "echo", "Match": { "Path": "/partner/{**rest}" }, "Metadata": { "Authorizer": "partners", "Scopes": "partner/read" } }
                """)));

        await EventuallyAsync(async () => (await _gateway.GetAsync("/partner/x", token)).StatusCode == HttpStatusCode.OK);

        // The new pool's token is not accepted by the existing authorizer's routes.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.GetAsync("/orders/1", token)).StatusCode);
    }

    private async Task EditAsync(Action<JsonObject> edit)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(_path))!.AsObject();
        edit(config);
        await File.WriteAllTextAsync(_path, config.ToJsonString());
    }

    // A route change has no event of its own to await (YARP swaps its endpoints quietly): bounded polling.
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the configuration change did not apply within 15 s");
            await Task.Delay(100);
        }
    }
}
