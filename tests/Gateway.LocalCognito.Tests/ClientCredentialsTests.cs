using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.LocalCognito.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.LocalCognito.Tests;

public sealed class ClientCredentialsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TutorialRequest_BasicAuthAndGrantTypeInQuery_Returns200BearerFor3600Seconds()
    {
        // curl -X POST --user id:secret ".../oauth2/token?grant_type=client_credentials" -H 'Content-Type: application/x-www-form-urlencoded'
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token?grant_type=client_credentials") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["access_token", "expires_in", "token_type"], TokenPayload.Names(body.RootElement));
        Assert.Equal(3600, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.NotEmpty(body.RootElement.GetProperty("access_token").GetString()!);
    }

    [Fact]
    public async Task AccessToken_HasCognitoHeaderAndClaims_AndVerifiesAgainstJwksOverHttp()
    {
        using var response = await fixture.Client.SendAsync(
            TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));
        var token = await TokenRequests.AccessTokenAsync(response);

        var header = TokenPayload.Header(token);
        Assert.Equal(["alg", "kid"], TokenPayload.Names(header));
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(fixture.Server.ActiveKeyId, header.GetProperty("kid").GetString());

        var claims = TokenPayload.Claims(token);
        Assert.Equal(
            ["auth_time", "client_id", "exp", "iat", "iss", "jti", "scope", "sub", "token_use", "version"],
            TokenPayload.Names(claims));
        Assert.Equal(TestPool.TutorialClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(TestPool.TutorialClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal("access", claims.GetProperty("token_use").GetString());
        Assert.Equal("orders/read orders/write", claims.GetProperty("scope").GetString());
        Assert.Equal(fixture.Server.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("version").ValueKind);
        Assert.Equal(2, claims.GetProperty("version").GetInt32());
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), claims.GetProperty("auth_time").GetInt64());
        Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));

        await Jwks.AssertValidAsync(fixture.Server, token);
    }

    [Fact]
    public async Task TamperedAccessToken_FailsValidationAgainstJwks()
    {
        using var response = await fixture.Client.SendAsync(
            TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));
        var token = await TokenRequests.AccessTokenAsync(response);
        var parts = token.Split('.');
        var forged = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("orders/read orders/write", "orders/admin"));

        var result = await Jwks.ValidateAsync(fixture.Server, $"{parts[0]}.{forged}.{parts[2]}");

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task FormFieldCredentials_AreAccepted()
    {
        using var response = await fixture.Client.SendAsync(TokenRequests.Form(
            "oauth2/token",
            ("grant_type", "client_credentials"),
            ("client_id", TestPool.ReadOnlyClientId),
            ("client_secret", TestPool.ReadOnlySecret)));

        var token = new JsonWebToken(await TokenRequests.AccessTokenAsync(response));
        Assert.Equal(TestPool.ReadOnlyClientId, token.GetPayloadValue<string>("client_id"));
        Assert.Equal("orders/read", token.GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task SameCredentialsInHeaderAndForm_AreAccepted()
    {
        using var response = await fixture.Client.SendAsync(TokenRequests.Form(
                "oauth2/token",
                ("grant_type", "client_credentials"),
                ("client_id", TestPool.TutorialClientId))
            .WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BasicCredentials_AreUrlDecodedPerRfc6749()
    {
        using var response = await fixture.Client.SendAsync(
            TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.OddSecretClientId, TestPool.OddSecret));

        var token = new JsonWebToken(await TokenRequests.AccessTokenAsync(response));
        Assert.Equal(TestPool.OddSecretClientId, token.GetPayloadValue<string>("client_id"));
    }

    [Theory]
    [InlineData("orders/write", "orders/write")]
    [InlineData("orders/write orders/read", "orders/write orders/read")]
    [InlineData("  orders/read   orders/read ", "orders/read")]
    public async Task RequestedScopeSubset_IsGrantedExactly(string requested, string granted)
    {
        using var response = await fixture.Client.SendAsync(
            TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("scope", requested))
                .WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));

        var token = new JsonWebToken(await TokenRequests.AccessTokenAsync(response));
        Assert.Equal(granted, token.GetPayloadValue<string>("scope"));
    }
}
