using System.Net;
using System.Text.Json;
using Gateway.LocalCognito.Tests.Infrastructure;

namespace Gateway.LocalCognito.Tests;

public sealed class DiscoveryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task OpenIdConfiguration_ForThePool_AdvertisesIssuerJwksAndTokenEndpoint()
    {
        var server = fixture.Server;
        using var document = JsonDocument.Parse(await fixture.Client.GetStringAsync($"{TestPool.PoolId}/.well-known/openid-configuration"));
        var root = document.RootElement;

        var expectedBase = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        Assert.Equal($"{expectedBase}/{TestPool.PoolId}", server.Issuer);
        Assert.Equal(server.Issuer, root.GetProperty("issuer").GetString());
        Assert.Equal($"{server.Issuer}/.well-known/jwks.json", root.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{expectedBase}/oauth2/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(["public"], root.GetProperty("subject_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEmpty(root.GetProperty("response_types_supported").EnumerateArray());
        var scopes = root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("orders/read", scopes);
        Assert.Contains("orders/write", scopes);
    }

    [Theory]
    [InlineData("local_other/.well-known/openid-configuration")]
    [InlineData("local_other/.well-known/jwks.json")]
    public async Task WellKnown_ForAnotherPool_Returns404(string path)
    {
        using var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Jwks_PublishesTwoRsaPublicKeys_IncludingTheActiveKid()
    {
        using var document = JsonDocument.Parse(await fixture.Client.GetStringAsync($"{TestPool.PoolId}/.well-known/jwks.json"));

        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(2, keys.Length);
        foreach (var key in keys)
        {
            Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], TokenPayload.Names(key));
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("RS256", key.GetProperty("alg").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("AQAB", key.GetProperty("e").GetString());

            // 2048-bit modulus: 256 bytes, 342 base64url characters.
            Assert.Equal(342, key.GetProperty("n").GetString()!.Length);
        }

        var kids = keys.Select(k => k.GetProperty("kid").GetString()).ToArray();
        Assert.Equal(2, kids.Distinct().Count());
        Assert.Contains(fixture.Server.ActiveKeyId, kids);
    }

    [Theory]
    [InlineData("GET", "oauth2/token")]
    [InlineData("POST", "local_tests/.well-known/jwks.json")]
    [InlineData("GET", "")]
    [InlineData("GET", "no/such/path")]
    [InlineData("DELETE", "oauth2/token")]
    public async Task UnknownPathOrMethod_Returns404Json(string method, string path)
    {
        using var response = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }
}
