using System.Text.Json;
using Gateway.LocalCognito.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.LocalCognito.Tests;

public sealed class KeyFileTests : IDisposable
{
    // A fixed public base keeps the issuer identical across restarts on port 0.
    private const string PublicUrl = "http://localhost:9229";
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Restart_WithTheSameKeyFile_TokensIssuedBeforeStillValidate()
    {
        string token;
        string kid;
        await using (var first = await StartAsync(directory.KeyFile))
        {
            token = await ClientCredentialsTokenAsync(first);
            kid = first.ActiveKeyId;
        }

        await using var second = await StartAsync(directory.KeyFile);

        Assert.Equal(kid, second.ActiveKeyId);
        await Jwks.AssertValidAsync(second, token);
    }

    [Fact]
    public async Task Restart_WithANewKeyFile_TokensIssuedBeforeNoLongerValidate()
    {
        string token;
        await using (var first = await StartAsync(directory.KeyFile))
        {
            token = await ClientCredentialsTokenAsync(first);
        }

        await using var second = await StartAsync(Path.Combine(directory.Path, "other", "keys.json"));

        Assert.False((await Jwks.ValidateAsync(second, token)).IsValid);
    }

    [Fact]
    public async Task FirstStart_CreatesTheKeyFileOwnerOnly()
    {
        await using var server = await StartAsync(directory.KeyFile);

        Assert.True(File.Exists(directory.KeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.KeyFile));
        }
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"keys":[]}""")]
    [InlineData("""{"keys":[{"privateKeyPem":"garbage"},{"privateKeyPem":"garbage"}]}""")]
    public async Task CorruptKeyFile_FailsStartNamingThePath_AndIsNotOverwritten(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(directory.KeyFile)!);
        await File.WriteAllTextAsync(directory.KeyFile, content);

        var error = await Assert.ThrowsAsync<LocalCognitoConfigurationException>(() => StartAsync(directory.KeyFile));

        Assert.Contains($"LocalCognito:KeyFile '{directory.KeyFile}'", error.Message);
        Assert.Equal(content, await File.ReadAllTextAsync(directory.KeyFile));
    }

    [Fact]
    public async Task RotateSigningKey_NewKidSigns_TokensOfThePreviousKeyStillValidate_AndSurvivesRestart()
    {
        string newKid;
        await using (var server = await StartAsync(directory.KeyFile))
        {
            var oldKid = server.ActiveKeyId;
            var before = await ClientCredentialsTokenAsync(server);

            newKid = server.RotateSigningKey();

            Assert.NotEqual(oldKid, newKid);
            var after = await ClientCredentialsTokenAsync(server);
            Assert.Equal(newKid, new JsonWebToken(after).Kid);
            Assert.Equal([newKid, oldKid], await PublishedKidsAsync(server));
            await Jwks.AssertValidAsync(server, before);
            await Jwks.AssertValidAsync(server, after);
        }

        await using var restarted = await StartAsync(directory.KeyFile);
        Assert.Equal(newKid, restarted.ActiveKeyId);
    }

    private static async Task<LocalCognitoServer> StartAsync(string keyFile)
    {
        var options = TestPool.Options(keyFile);
        options.PublicUrl = PublicUrl;
        return await LocalCognitoServer.StartAsync(options);
    }

    private static async Task<string> ClientCredentialsTokenAsync(LocalCognitoServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.SendAsync(
            TokenRequests.Form("oauth2/token", ("grant_type", "client_credentials")).WithBasic(TestPool.TutorialClientId, TestPool.TutorialSecret));
        return await TokenRequests.AccessTokenAsync(response);
    }

    private static async Task<string[]> PublishedKidsAsync(LocalCognitoServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var jwks = JsonDocument.Parse(await http.GetStringAsync($"{TestPool.PoolId}/.well-known/jwks.json"));
        return jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }
}
