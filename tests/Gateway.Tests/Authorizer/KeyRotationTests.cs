using System.Net;
using Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// Keys follow the pool's JWKS without a restart: an unseen kid triggers a refetch (rate-limited by
/// UnknownKidCooldown, so forged kids cannot hammer the pool), and a withdrawn key is refused after it.
/// Each test has its own issuer: they rotate keys and count fetches.
/// </summary>
public sealed class KeyRotationTests
{
    // One key pair under many random kids: generating an RSA key per forged token would dominate the run time.
    private static readonly RsaSecurityKey Forger = TestIssuer.Pool.NewKey();

    [Fact]
    public async Task RotatedKey_AcceptedWithoutRestart_AfterOneRefusal()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync();
        await KeyRotation.RefreshKeysAsync(gateway, scenario);
        var fetchesBefore = scenario.Issuer.JwksFetches;

        scenario.Pool.Rotate();
        var refused = await KeyRotation.SendUntilAcceptedAsync(gateway, scenario, scenario.AccessToken());

        // Observed behaviour: the request carrying the new kid triggers the refetch and is itself refused;
        // the refetch runs in the background and a later request is accepted.
        Assert.InRange(refused, 1, 10);
        Assert.True(scenario.Issuer.JwksFetches > fetchesBefore);
    }

    [Fact]
    public async Task OldKeyStillPublished_BothKeysAccepted()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync();
        var oldToken = scenario.AccessToken();
        var oldKey = scenario.Pool.ActiveKey;

        scenario.Pool.Rotate();
        await KeyRotation.RefreshKeysAsync(gateway, scenario);

        var stillOld = Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), oldKey);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + stillOld)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + oldToken)).StatusCode);
    }

    [Fact]
    public async Task WithdrawnKey_RefusedAfterTheNextRefresh()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync(c => c.Set("Gateway:Authorizers:main:ResultTtlSeconds", 0));
        var oldKey = scenario.Pool.ActiveKey;
        Token(scenario, oldKey, out var beforeWithdrawal);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", beforeWithdrawal)).StatusCode);

        scenario.Pool.Rotate();
        scenario.Pool.Withdraw(oldKey);

        // Until a refresh the gateway still holds the old key (no refresh is due for RefreshInterval, >= 1 min).
        Token(scenario, oldKey, out var beforeRefresh);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", beforeRefresh)).StatusCode);

        // A token with the new (unseen) kid triggers the refresh; from then on the old key is gone.
        await KeyRotation.RefreshKeysAsync(gateway, scenario);
        Token(scenario, oldKey, out var afterRefresh);
        var refused = await GatewayAssert.NotForwardedAsync(scenario.Backend, () => gateway.GetAsync("/orders/1", afterRefresh));
        await GatewayAssert.UnauthorizedAsync(refused);
        Assert.Equal("unknown_kid", await gateway.ReasonAsync(refused));
        await GatewayAssert.UnauthorizedAsync(await gateway.GetAsync("/orders/1", beforeWithdrawal));
    }

    [Fact]
    public async Task BurstOfUnknownKids_AtMostTwoFetchesWithinTheCooldown()
    {
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync(c => c.Set("Gateway:SigningKeys:UnknownKidCooldown", "00:01:00"));
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken())).StatusCode);
        var before = scenario.Issuer.JwksFetches;

        var forged = Enumerable.Range(0, 50)
            .Select(_ => Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), RandomKid()))
            .ToArray();
        var fetched = scenario.Issuer.NextJwksFetch();
        var responses = await Task.WhenAll(forged.Select(t => gateway.GetAsync("/orders/1", "Bearer " + t)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        // The first unseen kid does refetch (that is how rotation is picked up); the rest wait for the cooldown.
        await fetched.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(scenario.Issuer.JwksFetches - before, 1, 2);

        // The cooldown also holds for a second wave after the first refetch has completed.
        var wave = await Task.WhenAll(forged.Take(10).Select(t => gateway.GetAsync("/orders/1", "Bearer " + t)));
        Assert.All(wave, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.InRange(scenario.Issuer.JwksFetches - before, 0, 2);
    }

    [Fact]
    public async Task ForeignIssuerWithUnknownKid_TriggersNoFetch()
    {
        // A stranger's token is refused on its iss before any key lookup, so it cannot make the gateway fetch.
        await using var scenario = await GatewayScenario.CreateAsync();
        await using var gateway = await scenario.StartGatewayAsync();
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + scenario.AccessToken())).StatusCode);
        var before = scenario.Issuer.JwksFetches;

        for (var i = 0; i < 20; i++)
        {
            var token = Tokens.Sign(Tokens.AccessClaims("https://evil.example.com/pool", GatewayScenario.ClientId, "orders/read"), RandomKid());
            await GatewayAssert.UnauthorizedAsync(await gateway.GetAsync("/orders/1", "Bearer " + token));
        }

        Assert.Equal(before, scenario.Issuer.JwksFetches);
    }

    private static RsaSecurityKey RandomKid() => new(Forger.Rsa) { KeyId = Guid.NewGuid().ToString("N") };

    private static void Token(GatewayScenario scenario, SecurityKey key, out string authorization) =>
        authorization = "Bearer " + Tokens.Sign(Tokens.AccessClaims(scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read"), key);
}
