using System.Net.Http.Headers;
using System.Text;
using Gateway.LocalCognito.Tests.Infrastructure;

namespace Gateway.LocalCognito.Tests;

/// <summary>Each Cognito token endpoint error code, always 400 {"error":"..."}.</summary>
public sealed class TokenEndpointErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task JsonContentType_IsInvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
        {
            Content = new StringContent("""{"grant_type":"client_credentials"}""", Encoding.UTF8, "application/json"),
        };

        Assert.Equal("invalid_request", await ErrorAsync(request.WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret)));
    }

    [Fact]
    public async Task MissingContentType_IsInvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token?grant_type=client_credentials");

        Assert.Equal("invalid_request", await ErrorAsync(request.WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret)));
    }

    [Fact]
    public async Task MissingGrantType_IsInvalidRequest()
    {
        var request = TokenRequests.Form("oauth2/token", ("scope", "orders/read")).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        Assert.Equal("invalid_request", await ErrorAsync(request));
    }

    [Fact]
    public async Task DifferentCredentialsInHeaderAndForm_AreInvalidRequest()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("client_id", TestPool.ReadOnlyClientId))
            .WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        Assert.Equal("invalid_request", await ErrorAsync(request));
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm8tY29sb24=")] // "no-colon"
    [InlineData("Basic //79")] // not UTF-8
    public async Task MalformedBasicHeader_IsInvalidRequest(string authorization)
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        Assert.Equal("invalid_request", await ErrorAsync(request));
    }

    [Fact]
    public async Task RepeatedGrantType_IsInvalidRequest()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("grant_type", "password"))
            .WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        Assert.Equal("invalid_request", await ErrorAsync(request));
    }

    [Fact]
    public async Task OversizedBody_IsInvalidRequest()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("padding", new string('x', 64 * 1024)))
            .WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        Assert.Equal("invalid_request", await ErrorAsync(request));
    }

    [Fact]
    public async Task WrongSecret_IsInvalidClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, "wrong-secret");

        Assert.Equal("invalid_client", await ErrorAsync(request));
    }

    [Fact]
    public async Task UnknownClient_IsInvalidClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic("nobody", TestPool.TutorialSecret);

        Assert.Equal("invalid_client", await ErrorAsync(request));
    }

    [Fact]
    public async Task NoCredentials_IsInvalidClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"));

        Assert.Equal("invalid_client", await ErrorAsync(request));
    }

    [Fact]
    public async Task ClientIdWithoutItsSecret_IsInvalidClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("client_id", TestPool.TutorialClientId));

        Assert.Equal("invalid_client", await ErrorAsync(request));
    }

    [Fact]
    public async Task ClientWithoutClientCredentialsFlow_IsUnauthorizedClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.NoClientCredentialsId, "no-cc-secret");

        Assert.Equal("unauthorized_client", await ErrorAsync(request));
    }

    [Fact]
    public async Task PublicClient_IsUnauthorizedClient()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("client_id", TestPool.WebClientId));

        Assert.Equal("unauthorized_client", await ErrorAsync(request));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("authorization_code")]
    [InlineData("refresh_token")]
    public async Task OtherGrantType_IsUnsupportedGrantType(string grantType)
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", grantType)).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret);

        Assert.Equal("unsupported_grant_type", await ErrorAsync(request));
    }

    [Theory]
    [InlineData("orders/write")]
    [InlineData("orders/read orders/write")]
    [InlineData("orders/unknown")]
    [InlineData("openid")]
    public async Task ScopeNotAllowedForClient_IsInvalidScope(string scope)
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials"), ("scope", scope))
            .WithBasic(TestPool.ReadOnlyClientId, TestPool.ReadOnlySecret);

        Assert.Equal("invalid_scope", await ErrorAsync(request));
    }

    [Fact]
    public async Task ClientWithoutAnyScope_IsInvalidScope()
    {
        var request = TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.NoScopesClientId, "no-scopes-secret");

        Assert.Equal("invalid_scope", await ErrorAsync(request));
    }

    private async Task<string> ErrorAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await fixture.Client.SendAsync(request);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
            return await TokenRequests.ReadErrorAsync(response);
        }
    }
}
