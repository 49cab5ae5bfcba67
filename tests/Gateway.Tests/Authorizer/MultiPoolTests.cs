using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>One authorizer listing two user pools (API Gateway's providerARNs): a token of either is accepted.</summary>
public sealed class MultiPoolTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public MultiPoolTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    private TestIssuer.Pool Pool2 => _scenario.Issuer.AddPool("local_pool2");

    [Fact]
    public async Task TokensOfBothPools_Forwarded()
    {
        await using var gateway = await StartAsync();

        foreach (var pool in new[] { _scenario.Pool, Pool2 })
        {
            var response = await gateway.GetAsync("/orders/1", "Bearer " + Tokens.Access(pool, "client-" + pool.Issuer[^5..], "orders/read"));
            Assert.Equal("/orders/1", (await gateway.EchoAsync(response)).Path);

            var profile = await gateway.GetAsync("/profile", Tokens.Id(pool, "client-x"));
            Assert.Equal("/profile", (await gateway.EchoAsync(profile)).Path);
        }
    }

    [Fact]
    public async Task TokenOfAThirdPool_401Unauthorized()
    {
        await using var gateway = await StartAsync();
        var pool3 = _scenario.Issuer.AddPool("local_pool3");

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Access(pool3, GatewayScenario.ClientId, "orders/read")));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_issuer", await gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task IssuerOfPool1SignedByPool2Key_401Unauthorized()
    {
        await using var gateway = await StartAsync();
        var claims = Tokens.AccessClaims(_scenario.Pool.Issuer, GatewayScenario.ClientId, "orders/read");

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Sign(claims, Pool2.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("unknown_kid", await gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task IssuerOfPool2SignedByPool1Key_401Unauthorized()
    {
        await using var gateway = await StartAsync();
        var claims = Tokens.AccessClaims(Pool2.Issuer, GatewayScenario.ClientId, "orders/read");

        var response = await GatewayAssert.NotForwardedAsync(_scenario.Backend,
            () => gateway.GetAsync("/orders/1", "Bearer " + Tokens.Sign(claims, _scenario.Pool.ActiveKey)));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    private Task<GatewayHost> StartAsync() => _scenario.StartGatewayAsync(c => c.Set(
        "Gateway:Authorizers:main:UserPools",
        JsonConfig.Parse($$"""[ { "Issuer": "{{_scenario.Pool.Issuer}}" }, { "Issuer": "{{Pool2.Issuer}}" } ]""")));
}
