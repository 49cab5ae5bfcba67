using System.Text.Json;
using Gateway.LocalCognito.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task InvalidOptions_ListEveryProblemWithItsKey_BeforeAnyKeyIsGenerated()
    {
        var options = TestPool.Options(directory.KeyFile);
        options.UserPoolId = "local/demo";
        options.AccessTokenValiditySeconds = 60;
        options.IdTokenValiditySeconds = 100_000;
        options.Clients =
        [
            new() { ClientId = "machine", AllowedScopes = ["orders/read"] },
            new() { ClientId = "machine", ClientSecret = "s", AllowedScopes = ["orders/delete"] },
            new() { ClientId = "", AllowClientCredentials = false },
        ];
        options.Users = [new() { Username = "alice", Password = "p" }, new() { Username = "ALICE", Password = "" }];

        var error = await Assert.ThrowsAsync<LocalCognitoConfigurationException>(() => LocalCognitoServer.StartAsync(options));

        // Each entry is the start of the actual message; the rest of it explains the fix.
        string[] expected =
        [
            "LocalCognito:UserPoolId 'local/demo'",
            "LocalCognito:AccessTokenValiditySeconds is 60",
            "LocalCognito:IdTokenValiditySeconds is 100000",
            "LocalCognito:Clients[0]:ClientSecret is required: client_credentials needs a client secret",
            "LocalCognito:Clients[1]:ClientId 'machine' is used by another client",
            "LocalCognito:Clients[1]:AllowedScopes[0] 'orders/delete' is not defined",
            "LocalCognito:Clients[2]:ClientId is required",
            "LocalCognito:Users[1]:Username 'ALICE' is used by another user",
            "LocalCognito:Users[1]:Password is required",
        ];
        Assert.Equal(expected.Length, error.Errors.Count);
        Assert.All(expected.Zip(error.Errors), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.All(error.Errors, e => Assert.Contains(e, error.Message));
        Assert.False(File.Exists(directory.KeyFile));
    }

    [Fact]
    public async Task PoolIdFromAnotherRegion_IsRejectedNamingBothKeys()
    {
        var options = TestPool.Options(directory.KeyFile);
        options.UserPoolId = "us-east-1_abc";

        var error = await Assert.ThrowsAsync<LocalCognitoConfigurationException>(() => LocalCognitoServer.StartAsync(options));

        var message = Assert.Single(error.Errors);
        Assert.Contains("LocalCognito:UserPoolId", message);
        Assert.Contains("LocalCognito:Region", message);
    }

    [Fact]
    public async Task LocalhostWithPortZero_AdvertisesLocalhostAndTheBoundPort()
    {
        var options = TestPool.Options(directory.KeyFile);
        options.Url = "http://localhost:0";

        await using var server = await LocalCognitoServer.StartAsync(options);

        Assert.Equal("localhost", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal($"http://localhost:{server.BaseAddress.Port}/{TestPool.PoolId}", server.Issuer);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync($"{TestPool.PoolId}/.well-known/openid-configuration"));
        Assert.Equal(server.Issuer, discovery.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task PublicUrl_IsTheBaseOfIssuerAndTokenEndpoint()
    {
        var options = TestPool.Options(directory.KeyFile);
        options.PublicUrl = "http://cognito.example:9229/";

        await using var server = await LocalCognitoServer.StartAsync(options);

        Assert.Equal("http://cognito.example:9229/local_tests", server.Issuer);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync($"{TestPool.PoolId}/.well-known/openid-configuration"));
        Assert.Equal("http://cognito.example:9229/oauth2/token", discovery.RootElement.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://cognito.example:9229/local_tests/.well-known/jwks.json", discovery.RootElement.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task Logs_WarnDevelopmentOnly_AndNeverContainSecretsPasswordsOrTokens()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var secrets = new List<string> { TestPool.TutorialSecret, TestPool.AlicePassword, "PRIVATE KEY" };
        await using (var server = await LocalCognitoServer.StartAsync(TestPool.Options(directory.KeyFile), loggerFactory))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var issued = await http.SendAsync(
                TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));
            secrets.Add(await TokenRequests.AccessTokenAsync(issued));
            using var rejected = await http.SendAsync(
                TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, "leaked-wrong-secret"));
            secrets.Add("leaked-wrong-secret");
            using var signedIn = await http.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, TestPool.Alice, TestPool.AlicePassword));
            using var body = JsonDocument.Parse(await signedIn.Content.ReadAsStringAsync());
            secrets.Add(body.RootElement.GetProperty("AuthenticationResult").GetProperty("IdToken").GetString()!);
            using var wrongPassword = await http.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, TestPool.Alice, "leaked-wrong-password"));
            secrets.Add("leaked-wrong-password");

            Assert.Contains(provider.Entries, e => e.Level == LogLevel.Warning
                && e.Text.Contains("for development only", StringComparison.Ordinal)
                && e.Text.Contains(server.BaseAddress.ToString(), StringComparison.Ordinal)
                && e.Text.Contains(TestPool.PoolId, StringComparison.Ordinal));
        }

        Assert.Contains(provider.Entries, e => e.Text.Contains("rejected with invalid_client", StringComparison.Ordinal));
        foreach (var (_, text) in provider.Entries)
        {
            Assert.DoesNotContain(secrets, text.Contains);
        }
    }
}
