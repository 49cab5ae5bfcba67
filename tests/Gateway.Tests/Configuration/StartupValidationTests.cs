using System.Text.Json.Nodes;
using Gateway.Configuration;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Configuration;

/// <summary>
/// A bad configuration stops start-up with <see cref="GatewayConfigurationException"/>, naming the key; all
/// errors at once. Only building is needed: validation runs before anything serves.
/// </summary>
public sealed class StartupValidationTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public StartupValidationTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public void DefaultConfiguration_Builds()
    {
        GatewayHost.Build(_scenario.DefaultConfig().ToJsonString());
    }

    [Fact]
    public void RouteWithoutAuthorizer_Refused()
    {
        var error = Refused(c => c.RemoveKey("ReverseProxy:Routes:profile:Metadata"));
        Assert.Contains("ReverseProxy:Routes:profile:Metadata:Authorizer", error);
        Assert.Contains("missing", error);
    }

    [Fact]
    public void RouteWithMetadataButNoAuthorizerKey_Refused()
    {
        var error = Refused(c => c.RemoveKey("ReverseProxy:Routes:orders-read:Metadata:Authorizer"));
        Assert.Contains("ReverseProxy:Routes:orders-read:Metadata:Authorizer", error);
    }

    [Fact]
    public void UnknownAuthorizer_Refused()
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:profile:Metadata:Authorizer", "mian"));
        Assert.Contains("ReverseProxy:Routes:profile:Metadata:Authorizer", error);
        Assert.Contains("'mian'", error);
    }

    [Theory]
    [InlineData("orders read\"x")]
    [InlineData("orders/read \"x\"")]
    [InlineData("orders\\read")]
    [InlineData("orders/réad")]
    public void MalformedScope_Refused(string scopes)
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:orders-read:Metadata:Scopes", scopes));
        Assert.Contains("ReverseProxy:Routes:orders-read:Metadata:Scopes", error);
        Assert.Contains("malformed", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyScopes_Refused(string scopes)
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:orders-read:Metadata:Scopes", scopes));
        Assert.Contains("ReverseProxy:Routes:orders-read:Metadata:Scopes", error);
    }

    [Theory]
    [InlineData("Some")]
    [InlineData("1")]
    [InlineData("")]
    public void InvalidScopeMatch_Refused(string match)
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:orders-write:Metadata:ScopeMatch", match));
        Assert.Contains("ReverseProxy:Routes:orders-write:Metadata:ScopeMatch", error);
    }

    [Fact]
    public void ScopesOnAnonymousRoute_Refused()
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:public:Metadata:Scopes", "orders/read"));
        Assert.Contains("ReverseProxy:Routes:public:Metadata:Scopes", error);
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("Anonymous")]
    public void RouteUsingYarpAuthorizationPolicy_Refused(string policy)
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:orders-read:AuthorizationPolicy", policy));
        Assert.Contains("ReverseProxy:Routes:orders-read:AuthorizationPolicy", error);
    }

    [Fact]
    public void AuthorizerWithoutPools_Refused()
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main", JsonConfig.Parse("""{ "IdentitySource": "Authorization" }""")));
        Assert.Contains("Gateway:Authorizers:main:UserPools", error);
    }

    [Fact]
    public void AuthorizerWithEmptyPoolList_Refused()
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:UserPools", new JsonArray()));
        Assert.Contains("Gateway:Authorizers:main:UserPools", error);
    }

    [Theory]
    [InlineData("moon-1", "moon-1_abc", "Region")]
    [InlineData("us-east-1", "xyz", "PoolId")]
    [InlineData("us-east-1", "eu-west-1_AbC123xyz", "PoolId")]
    [InlineData("", "us-east-1_AbC123xyz", "Region")]
    public void BadRegionOrPoolId_Refused(string region, string poolId, string key)
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:UserPools",
            JsonConfig.Parse($$"""[ { "Region": "{{region}}", "PoolId": "{{poolId}}" } ]""")));
        Assert.Contains("Gateway:Authorizers:main:UserPools:0:" + key, error);
    }

    [Fact]
    public void RegionAndPoolId_Build()
    {
        GatewayHost.Build(Config(c => c.Set("Gateway:Authorizers:main:UserPools",
            JsonConfig.Parse("""[ { "Region": "us-east-1", "PoolId": "us-east-1_AbC123xyz" } ]"""))));
    }

    [Theory]
    [InlineData("http://cognito.example.com/pool")]
    [InlineData("http://10.0.0.5/pool")]
    public void PlainHttpIssuerNotOnLoopback_Refused(string issuer)
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:UserPools", JsonConfig.Parse($$"""[ { "Issuer": "{{issuer}}" } ]""")));
        Assert.Contains("Gateway:Authorizers:main:UserPools:0:Issuer", error);
        Assert.Contains("http", error);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("rs256")]
    public void SymmetricOrUnknownAlgorithm_Refused(string alg)
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:Algorithms", new JsonArray("RS256", alg)));
        Assert.Contains("Gateway:Authorizers:main:Algorithms", error);
        Assert.Contains($"'{alg}'", error);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(-1)]
    public void ResultTtlOutOfRange_Refused(int ttl)
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:ResultTtlSeconds", ttl));
        Assert.Contains("Gateway:Authorizers:main:ResultTtlSeconds", error);
    }

    [Theory]
    [InlineData("00:10:00")]
    [InlineData("-00:00:01")]
    public void ClockSkewOutOfRange_Refused(string skew)
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:ClockSkew", skew));
        Assert.Contains("Gateway:Authorizers:main:ClockSkew", error);
    }

    [Fact]
    public void MisspeltGatewayKey_Refused()
    {
        var error = Refused(c =>
        {
            var gateway = c["Gateway"]!.AsObject();
            var authorizers = gateway["Authorizers"]!;
            gateway.Remove("Authorizers");
            gateway["Authorisers"] = authorizers;
        });
        Assert.Contains("Authorisers", error);
    }

    [Fact]
    public void MisspeltAuthorizerKey_Refused()
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:ClockSkw", "00:00:00"));
        Assert.Contains("ClockSkw", error);
    }

    [Fact]
    public void InvalidEnumValue_Refused()
    {
        var error = Refused(c => c.Set("Gateway:Authorizers:main:NoScopeTokenUse", "Both"));
        Assert.Contains("NoScopeTokenUse", error);
    }

    [Fact]
    public void UnknownResponseType_Refused()
    {
        var error = Refused(c => c.Set("Gateway:Responses:UNAUTHORISED", JsonConfig.Parse("""{ "StatusCode": 401 }""")));
        Assert.Contains("Gateway:Responses:UNAUTHORISED", error);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("host")]
    [InlineData("x-amzn-requestid")]
    public void ReservedClaimHeaderName_Refused(string header)
    {
        var error = Refused(c => c.Set("Gateway:ClaimHeaders:" + header, "sub"));
        Assert.Contains("Gateway:ClaimHeaders:" + header, error);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public void RoutePathIsAHealthEndpoint_Refused(string path)
    {
        var error = Refused(c => c.Set("ReverseProxy:Routes:public:Match:Path", path));
        Assert.Contains("ReverseProxy:Routes:public:Match:Path", error);
    }

    [Fact]
    public void ThreeBrokenRoutes_AllReportedAtOnce()
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Config(c =>
        {
            c.RemoveKey("ReverseProxy:Routes:profile:Metadata");
            c.Set("ReverseProxy:Routes:orders-read:Metadata:Authorizer", "nobody");
            c.Set("ReverseProxy:Routes:orders-write:Metadata:Scopes", "orders/write bad\"scope");
        })));

        Assert.Equal(3, exception.Errors.Count);
        Assert.Contains(exception.Errors, e => e.Contains("ReverseProxy:Routes:profile:Metadata:Authorizer"));
        Assert.Contains(exception.Errors, e => e.Contains("ReverseProxy:Routes:orders-read:Metadata:Authorizer") && e.Contains("'nobody'"));
        Assert.Contains(exception.Errors, e => e.Contains("ReverseProxy:Routes:orders-write:Metadata:Scopes"));
        Assert.Contains("3 errors", exception.Message);
    }

    [Fact]
    public void GatewayAndRouteErrors_AllReportedAtOnce()
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Config(c =>
        {
            c.Set("Gateway:Authorizers:main:ResultTtlSeconds", 4000);
            c.Set("Gateway:Authorizers:main:Algorithms", new JsonArray("HS256"));
            c.Set("ReverseProxy:Routes:public:Metadata:Authorizer", "nobody");
        })));

        Assert.Contains(exception.Errors, e => e.Contains("ResultTtlSeconds"));
        Assert.Contains(exception.Errors, e => e.Contains("Algorithms"));
        Assert.Contains(exception.Errors, e => e.Contains("ReverseProxy:Routes:public:Metadata:Authorizer"));
    }

    private string Refused(Action<JsonObject> adjust)
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(Config(adjust)));
        return exception.Message;
    }

    private string Config(Action<JsonObject> adjust)
    {
        var config = _scenario.DefaultConfig();
        adjust(config);
        return config.ToJsonString();
    }
}
