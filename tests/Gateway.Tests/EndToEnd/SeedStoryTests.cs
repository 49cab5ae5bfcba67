using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The tutorial's three curl calls (shared/seed), against the gateway as <c>dotnet run</c> starts it with the
/// committed appsettings.json: local token service, demo backend and the gateway in one process.
/// </summary>
public sealed class SeedStoryTests
{
    [Fact]
    public async Task SeedStory_AnonymousRefused_TokenIssued_BearerCallAnswersHello()
    {
        var keyDir = Directory.CreateTempSubdirectory("gateway-e2e-");
        var (gateway, ports) = await GatewayProcess.StartReadyAsync(
            () => (Gateway: GatewayProcess.FreePort(), Cognito: GatewayProcess.FreePort(), Backend: GatewayProcess.FreePort()),
            ports =>
            [
                $"--Urls=http://127.0.0.1:{ports.Gateway}",
                $"--LocalCognito:Url=http://127.0.0.1:{ports.Cognito}",
                $"--LocalCognito:KeyFile={Path.Combine(keyDir.FullName, "keys.json")}",
                $"--Gateway:Authorizers:cognito:UserPools:0:Issuer=http://127.0.0.1:{ports.Cognito}/local_demo",
                $"--DemoBackend:Url=http://127.0.0.1:{ports.Backend}",
                $"--ReverseProxy:Clusters:demo:Destinations:backend:Address=http://127.0.0.1:{ports.Backend}/",
            ],
            ports => "Signing keys of http://127.0.0.1:" + ports.Cognito,
            TimeSpan.FromSeconds(60));
        await using var running = gateway;
        var (gatewayPort, cognitoPort) = (ports.Gateway, ports.Cognito);
        using var http = new HttpClient();

        // 1. Anybody: 401 {"message":"Unauthorized"}.
        var anonymous = await http.GetAsync($"http://127.0.0.1:{gatewayPort}/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("{\"message\":\"Unauthorized\"}", await anonymous.Content.ReadAsStringAsync());

        // 2. curl -X POST --user id:secret '.../oauth2/token?grant_type=client_credentials' -H 'Content-Type: application/x-www-form-urlencoded'
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{cognitoPort}/oauth2/token?grant_type=client_credentials")
        {
            Content = new StringContent("", Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("demo-client:demo-secret")));
        var tokenResponse = await http.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        Assert.Equal(3600, token.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", token.RootElement.GetProperty("token_type").GetString());
        var accessToken = token.RootElement.GetProperty("access_token").GetString();

        // 3. Authorization: Bearer <token> -> {"message":"Hello!"}.
        using var call = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gatewayPort}/");
        call.Headers.TryAddWithoutValidation("Authorization", "Bearer " + accessToken);
        var hello = await http.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.Equal("{\"message\":\"Hello!\"}", await hello.Content.ReadAsStringAsync());
        Assert.True(hello.Headers.Contains("x-amzn-RequestId"));

        // The log explains both decisions (written in batches by the committed configuration's sink) and never
        // shows the token.
        await gateway.WaitForOutputAsync("HTTP GET / responded 401", TimeSpan.FromSeconds(10));
        await gateway.WaitForOutputAsync("HTTP GET / responded 200", TimeSpan.FromSeconds(10));
        Assert.Contains(": deny (missing_token)", gateway.Output);
        Assert.Contains(": allow (allowed)", gateway.Output);
        Assert.DoesNotContain(accessToken!, gateway.Output);
        keyDir.Delete(recursive: true);
    }

    [Fact]
    public async Task BadConfiguration_ProcessExitsWithEveryErrorNamed()
    {
        await using var gateway = GatewayProcess.Start(
            [
                $"--Urls=http://127.0.0.1:{GatewayProcess.FreePort()}",
                "--LocalCognito:Enabled=false",
                "--DemoBackend:Enabled=false",
                "--Gateway:Authorizers:cognito:UserPools:0:Issuer=http://idp.example.com/pool",
                "--ReverseProxy:Routes:hello:Metadata:Authorizer=nope",
            ],
            readyMarker: "Now listening");
        var exit = await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("Gateway:Authorizers:cognito:UserPools:0:Issuer", gateway.Output);
        Assert.Contains("ReverseProxy:Routes:hello:Metadata:Authorizer names the unknown authorizer 'nope'", gateway.Output);
    }
}
