using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.LocalCognito;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.LocalCognito;

/// <summary>
/// Tokens from the local token service go through the gateway's ordinary path (discovery and JWKS over HTTP):
/// accepted for the scope they carry, refused for another, and ID tokens from sign-in on routes without scopes.
/// </summary>
public sealed class LocalTokensThroughGatewayTests : IAsyncLifetime
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("gateway-local-");
    private LocalCognitoServer _cognito = null!;
    private EchoBackend _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _cognito = await LocalCognitoServer.StartAsync(new LocalCognitoOptions
        {
            Url = "http://127.0.0.1:0",
            KeyFile = Path.Combine(_keys.FullName, "keys.json"),
            ResourceServers = { new LocalCognitoResourceServer { Identifier = "orders", Scopes = { "read", "write" } } },
            Clients =
            {
                new LocalCognitoClient { ClientId = "reader", ClientSecret = "reader-secret", AllowedScopes = { "orders/read" } },
                new LocalCognitoClient { ClientId = "web", AllowClientCredentials = false },
            },
            Users = { new LocalCognitoUser { Username = "alice", Password = "Alice-Passw0rd!", Groups = { "admins" } } },
        });
        _backend = await EchoBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Authorizers": { "local": { "UserPools": [ { "Issuer": "{{_cognito.Issuer}}" } ], "AllowedClientIds": [ "reader", "web" ] } },
                "ClaimHeaders": { "X-User-Sub": "sub", "X-Groups": "cognito:groups" },
                "SigningKeys": { "UnknownKidCooldown": "00:00:01" }
              },
              "ReverseProxy": {
                "Routes": {
                  "read":  { "ClusterId": "echo", "Match": { "Path": "/orders", "Methods": [ "GET" ] }, "Metadata": { "Authorizer": "local", "Scopes": "orders/read" } },
                  "write": { "ClusterId": "echo", "Match": { "Path": "/orders", "Methods": [ "POST" ] }, "Metadata": { "Authorizer": "local", "Scopes": "orders/write" } },
                  "me":    { "ClusterId": "echo", "Match": { "Path": "/me" }, "Metadata": { "Authorizer": "local" } }
                },
                "Clusters": { "echo": { "Destinations": { "d1": { "Address": "{{_backend.BaseAddress}}" } } } }
              }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        await _cognito.DisposeAsync();
        _keys.Delete(recursive: true);
    }

    [Fact]
    public async Task ClientCredentialsToken_AcceptedForItsScope_RefusedForAnother()
    {
        var token = await ClientCredentialsTokenAsync("reader", "reader-secret");

        var read = await _gateway.GetAsync("/orders", "Bearer " + token);
        var echo = await _gateway.EchoAsync(read);
        Assert.Equal("reader", echo.Header("X-User-Sub"));

        using var write = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") };
        write.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        var refused = await _gateway.Client.SendAsync(write);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("{\"message\":\"Unauthorized\"}", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignedInUser_IdTokenOnRouteWithoutScopes_AccessTokenRefusedThere()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _cognito.BaseAddress)
        {
            Content = new StringContent(
                """{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"web","AuthParameters":{"USERNAME":"alice","PASSWORD":"Alice-Passw0rd!"}}""",
                Encoding.UTF8,
                "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth");
        using var http = new HttpClient();
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = body.RootElement.GetProperty("AuthenticationResult");

        // The bare token, as API Gateway documents the identity source.
        var me = await _gateway.GetAsync("/me", result.GetProperty("IdToken").GetString());
        var echo = await _gateway.EchoAsync(me);
        Assert.Equal("admins", echo.Header("X-Groups"));

        var withAccessToken = await _gateway.GetAsync("/me", "Bearer " + result.GetProperty("AccessToken").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, withAccessToken.StatusCode);
    }

    [Fact]
    public async Task LocalKeyRotated_NewTokensAcceptedWithoutGatewayRestart()
    {
        var before = await ClientCredentialsTokenAsync("reader", "reader-secret");
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/orders", "Bearer " + before)).StatusCode);

        _cognito.RotateSigningKey();
        var after = await ClientCredentialsTokenAsync("reader", "reader-secret");

        // The first request with the new kid may be refused while the gateway refetches the JWKS (at most
        // one fetch per cooldown); within a few seconds it must pass.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        while ((status = (await _gateway.GetAsync("/orders", "Bearer " + after)).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<string> ClientCredentialsTokenAsync(string clientId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cognito.BaseAddress, "oauth2/token?grant_type=client_credentials"))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{clientId}:{secret}")));
        using var http = new HttpClient();
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("access_token").GetString()!;
    }
}
