using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// When the authorizer cannot get a pool's keys it fails closed: 500 AUTHORIZER_CONFIGURATION_ERROR, nothing
/// forwarded; public routes keep working; /readyz says not ready; it recovers by itself. Keys already loaded
/// survive an outage. Each test has its own issuer, which it takes down.
/// </summary>
public sealed class KeysUnavailableTests
{
    [Fact]
    public async Task IssuerDownAtStart_ProtectedRoute500_NothingForwarded()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        scenario.Issuer.Down = true;
        await using var gateway = await scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken()));

        await GatewayAssert.AuthorizerConfigurationErrorAsync(response);
        var e = await gateway.RequestEventAsync(response);
        Assert.Equal("keys_unavailable", e.Scalar("Reason"));
        Assert.Equal("error", e.Scalar("Decision"));
    }

    [Fact]
    public async Task IssuerDownAtStart_TokenlessRequest_Still401()
    {
        // No token: nothing to validate, so the missing key set is not the reason to give.
        await using var scenario = await GatewayScenario.CreateAsync();
        scenario.Issuer.Down = true;
        await using var gateway = await scenario.StartGatewayAsync();

        var response = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1"));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task IssuerDownAtStart_PublicRouteForwarded_ReadyzNotReady_ThenRecovers()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        scenario.Issuer.Down = true;
        await using var gateway = await scenario.StartGatewayAsync();

        Assert.Equal("/public/x", (await gateway.EchoAsync(await gateway.GetAsync("/public/x"))).Path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/healthz")).StatusCode);

        scenario.Issuer.Down = false;

        // The gateway retries on its own (IdentityModel backs off after a failed first fetch): poll, bounded.
        var token = "Bearer " + scenario.AccessToken();
        HttpStatusCode status = default;
        for (var i = 0; i < 100; i++)
        {
            status = (await gateway.GetAsync("/orders/1", token)).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.InternalServerError, status);
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task IssuerDownAfterKeysLoaded_KnownKeysKeepWorking()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ResultTtlSeconds", 0));
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/readyz")).StatusCode);

        scenario.Issuer.Down = true;

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken())).StatusCode);

        // An unseen kid now triggers a refetch that fails: that token is refused as unknown (401, not 500) and
        // the known keys stay.
        var oldKey = scenario.Pool.ActiveKey;
        var discoveries = scenario.Issuer.DiscoveryFetches;
        scenario.Pool.Rotate();
        var unknown = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken()));
        await GatewayAssert.UnauthorizedAsync(unknown);

        // The refetch fails at the discovery document (the JWKS is never asked for), so no JWKS event exists: poll.
        for (var i = 0; i < 100 && scenario.Issuer.DiscoveryFetches == discoveries; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(scenario.Issuer.DiscoveryFetches > discoveries, "the unseen kid triggered no refetch");

        var known = Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), oldKey);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + known)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task IssuerHangs_ProtectedRequestEndsAfterFetchTimeout_500()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        scenario.Issuer.Hang = true;
        await using var gateway = await scenario.StartGatewayAsync(c => c.Set("Gateway:SigningKeys:FetchTimeout", "00:00:00.500"));

        // Generous limit so a hang fails the test instead of blocking the run; no assertion on the duration.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = await GatewayAssert.NotForwardedAsync(scenario.Backend,
            () => gateway.SendAsync(HttpMethod.Get, "/orders/1", "Bearer " + scenario.AccessToken(), cancellationToken: limit.Token));

        await GatewayAssert.AuthorizerConfigurationErrorAsync(response);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/public/x", cancellationToken: limit.Token)).StatusCode);
    }
}
