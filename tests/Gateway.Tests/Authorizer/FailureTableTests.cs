using Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// One test per row of the failure table (authorizer-semantics.md section 2) that a token or a missing route
/// causes: API Gateway's exact response, the reason code in the request log, and nothing forwarded.
/// Keys unavailable (500) is in <see cref="KeysUnavailableTests"/>.
/// </summary>
public sealed class FailureTableTests : IClassFixture<DefaultGateway>
{
    private readonly DefaultGateway _fixture;

    public FailureTableTests(DefaultGateway fixture)
    {
        _fixture = fixture;
    }

    private GatewayHost Gateway => _fixture.Gateway;

    private TestIssuer.Pool Pool => _fixture.Scenario.Pool;

    [Fact]
    public async Task MissingHeader_401Unauthorized()
    {
        var response = await RefusedAsync("/orders/1", null);
        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("missing_token", await Gateway.ReasonAsync(response));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyHeader_401Unauthorized(string header)
    {
        var response = await RefusedAsync("/orders/1", header);
        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("missing_token", await Gateway.ReasonAsync(response));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    public async Task BearerWithoutToken_401Unauthorized(string header)
    {
        // Kestrel trims the trailing spaces, so both read as the bare "token" "Bearer": logged as malformed.
        var response = await RefusedAsync("/orders/1", header);
        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("malformed", await Gateway.ReasonAsync(response));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30")]
    [InlineData("Bearer eyJ.eyJ.sig")]
    public async Task MalformedToken_401Unauthorized(string header)
    {
        var response = await RefusedAsync("/orders/1", header);
        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("malformed", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task BadSignature_SignedByAnotherKeyUnderPublishedKid_401Unauthorized()
    {
        var forger = TestIssuer.Pool.NewKey(Pool.ActiveKey.KeyId);
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"), forger);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("bad_signature", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task BadSignature_TamperedPayload_401Unauthorized()
    {
        var parts = Tokens.Access(Pool, GatewayScenario.ClientId, "orders/write").Split('.');
        var claims = Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        var token = $"{parts[0]}.{Base64UrlEncoder.Encode(Tokens.PayloadJson(claims))}.{parts[2]}";

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("bad_signature", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task UnknownKid_CorrectlySignedWithPublishedKeyUnderUnpublishedKid_401Unauthorized()
    {
        // The published key itself signs, under a kid the JWKS does not list: TryAllIssuerSigningKeys (true by
        // default) would find the key by trying them all; aws-jwt-verify refuses it (KidNotFoundInJwksError).
        var twin = new RsaSecurityKey(Pool.ActiveKey.Rsa) { KeyId = "not-published-" + Guid.NewGuid().ToString("N") };
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"), twin);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("unknown_kid", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task UnknownKid_NoKidHeader_401Unauthorized()
    {
        var noKid = new RsaSecurityKey(Pool.ActiveKey.Rsa);
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"), noKid);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task WrongIssuer_TokenOfAnotherPool_401Unauthorized()
    {
        var other = _fixture.Scenario.Issuer.AddPool("local_other_pool");
        var token = Tokens.Access(other, GatewayScenario.ClientId, "orders/read");

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_issuer", await Gateway.ReasonAsync(response));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("x")]
    [InlineData("/../local_other_pool")]
    public async Task WrongIssuer_IssuerSuffixedButSignedByThePool_401Unauthorized(string suffix)
    {
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer + suffix, GatewayScenario.ClientId, "orders/read"), Pool.ActiveKey);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_issuer", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task MissingIssuer_401Unauthorized()
    {
        var claims = Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims.Remove("iss");

        var response = await RefusedAsync("/orders/1", "Bearer " + Tokens.Sign(claims, Pool.ActiveKey));

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task ExpiredToken_401WithExpiredMessage()
    {
        var token = Tokens.Access(Pool, GatewayScenario.ClientId, "orders/read", lifetime: TimeSpan.FromSeconds(-5));

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.ExpiredAsync(response);
        Assert.Equal("expired", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task ExpiredIdToken_401WithExpiredMessage()
    {
        var claims = Tokens.IdClaims(Pool.Issuer, GatewayScenario.ClientId, lifetime: TimeSpan.FromMinutes(-1));

        var response = await RefusedAsync("/profile", Tokens.Sign(claims, Pool.ActiveKey));

        await GatewayAssert.ExpiredAsync(response);
    }

    [Fact]
    public async Task NoExpClaim_401Unauthorized()
    {
        var claims = Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims.Remove("exp");

        var response = await RefusedAsync("/orders/1", "Bearer " + Tokens.Sign(claims, Pool.ActiveKey));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("missing_exp", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task NotBeforeInTheFuture_401Unauthorized()
    {
        var claims = Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read");
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds();

        var response = await RefusedAsync("/orders/1", "Bearer " + Tokens.Sign(claims, Pool.ActiveKey));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("not_yet_valid", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task ScopeMismatch_401Unauthorized()
    {
        var response = await RefusedAsync("/orders/1", "Bearer " + _fixture.Scenario.AccessToken("orders/write"));

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("scope_mismatch", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task WrongTokenType_IdTokenOnScopedRoute_401Unauthorized()
    {
        var response = await RefusedAsync("/orders/1", _fixture.Scenario.IdToken());

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_token_use", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task WrongTokenType_AccessTokenOnRouteWithoutScopes_401Unauthorized()
    {
        var response = await RefusedAsync("/profile", _fixture.Scenario.AccessToken());

        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("wrong_token_use", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task NoneAlgorithm_401Unauthorized()
    {
        var payload = Tokens.PayloadJson(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"));
        var token = Tokens.Raw($"{{\"alg\":\"none\",\"kid\":\"{Pool.ActiveKey.KeyId}\",\"typ\":\"JWT\"}}", payload);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task HmacSignedWithPublicKeyBytes_401Unauthorized()
    {
        // The classic RS256 -> HS256 confusion: HMAC keyed with the published public key's modulus.
        var secret = new SymmetricSecurityKey(Pool.ActiveKey.Rsa.ExportParameters(false).Modulus!) { KeyId = Pool.ActiveKey.KeyId };
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"), secret, SecurityAlgorithms.HmacSha256);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        await GatewayAssert.UnauthorizedAsync(response);
    }

    [Fact]
    public async Task RS512WhenOnlyRS256Allowed_401Unauthorized()
    {
        var token = Tokens.Sign(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, "orders/read"), Pool.ActiveKey, SecurityAlgorithms.RsaSha512);

        var response = await RefusedAsync("/orders/1", "Bearer " + token);

        // Logged as bad_signature: IdentityModel reports a refused algorithm as a failed signature (IDX10511).
        await GatewayAssert.UnauthorizedAsync(response);
        Assert.Equal("bad_signature", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task NoRoute_403MissingAuthenticationToken()
    {
        var response = await RefusedAsync("/no/such/resource", "Bearer " + _fixture.Scenario.AccessToken());

        await GatewayAssert.MissingAuthenticationTokenAsync(response);
        Assert.Equal("no_route", await Gateway.ReasonAsync(response));
    }

    [Fact]
    public async Task ValidToken_Forwarded_WithRequestIdAndNoErrorType()
    {
        var before = _fixture.Backend.Requests;

        var response = await Gateway.GetAsync("/orders/42?x=1", "Bearer " + _fixture.Scenario.AccessToken());

        var echo = await Gateway.EchoAsync(response);
        Assert.Equal(before + 1, _fixture.Backend.Requests);
        Assert.Equal("GET", echo.Method);
        Assert.Equal("/orders/42", echo.Path);
        Assert.Equal("?x=1", echo.Query);
        GatewayAssert.RequestId(response);
        Assert.False(response.Headers.Contains("x-amzn-ErrorType"));
        Assert.Equal("allowed", await Gateway.ReasonAsync(response));
    }

    private Task<HttpResponseMessage> RefusedAsync(string path, string? authorization) =>
        GatewayAssert.NotForwardedAsync(_fixture.Backend, () => Gateway.GetAsync(path, authorization));

}
