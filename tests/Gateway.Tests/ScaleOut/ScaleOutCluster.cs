using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.LocalCognito;
using Gateway.Tests.EndToEnd;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.ScaleOut;

/// <summary>
/// Scaled out as the README describes: one Redis, two real gateway processes (the repository's appsettings.json,
/// throttling in Redis) behind HAProxy, a token service and an echo backend. The route <c>hello</c> needs the
/// token's scope and is limited per client (burst 5, 1/s); <c>/public/*</c> is open and unthrottled.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const int Burst = 5;
    private const string ClientId = "demo-client";
    private const string ClientSecret = "demo-secret";

    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("gateway-scaleout-");
    private readonly List<GatewayProcess> _gateways = [];
    private LocalCognitoServer? _cognito;
    private EchoBackend? _backend;
    private RedisServer? _redis;
    private HaproxyServer? _haproxy;

    private ScaleOutCluster()
    {
    }

    public IReadOnlyList<GatewayProcess> Gateways => _gateways;

    public List<int> GatewayPorts { get; } = [];

    public HaproxyServer Haproxy => _haproxy!;

    public EchoBackend Backend => _backend!;

    public static async Task<ScaleOutCluster> StartAsync()
    {
        var cluster = new ScaleOutCluster();
        try
        {
            await cluster.StartPartsAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync()
    {
        _redis = await RedisServer.StartAsync();
        _backend = await EchoBackend.StartAsync();

        // One token service in this process for both instances, as one Cognito user pool serves a fleet.
        _cognito = await LocalCognitoServer.StartAsync(new LocalCognitoOptions
        {
            Url = "http://127.0.0.1:0",
            UserPoolId = "local_demo",
            KeyFile = Path.Combine(_keys.FullName, "keys.json"),
            ResourceServers = { new LocalCognitoResourceServer { Identifier = "demo-api", Scopes = { "hello" } } },
            Clients = { new LocalCognitoClient { ClientId = ClientId, ClientSecret = ClientSecret, AllowedScopes = { "demo-api/hello" } } },
        });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 2; i++)
        {
            var (gateway, port) = await GatewayProcess.StartReadyAsync(
                GatewayProcess.FreePort,
                port =>
                [
                    $"--Urls=http://127.0.0.1:{port}",
                    "--LocalCognito:Enabled=false",
                    "--DemoBackend:Enabled=false",
                    $"--Gateway:Authorizers:cognito:UserPools:0:Issuer={_cognito.Issuer}",
                    $"--ReverseProxy:Clusters:demo:Destinations:backend:Address={_backend.BaseAddress}",
                    $"--Gateway:Throttling:perClient:RatePerSecond=1",
                    $"--Gateway:Throttling:perClient:Burst={Burst}",
                    "--Gateway:Throttling:perClient:PartitionBy=Client",
                    "--ReverseProxy:Routes:hello:RateLimiterPolicy=perClient",
                    $"--Gateway:Throttling:Redis:Configuration={_redis.Configuration}",
                ],
                _ => "Signing keys of " + _cognito.Issuer,
                TimeSpan.FromSeconds(60));
            _gateways.Add(gateway);
            GatewayPorts.Add(port);
            await WaitForAsync(async () => (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).StatusCode == HttpStatusCode.OK, "gateway /readyz");
        }

        _haproxy = await HaproxyServer.StartAsync(GatewayPorts);
        await WaitForAsync(async () => (await http.GetAsync(new Uri(_haproxy.BaseAddress, "healthz"))).StatusCode == HttpStatusCode.OK, "/healthz through HAProxy");
    }

    /// <summary>An access token of the app client, from the token endpoint (client_credentials), as a client gets one.</summary>
    public async Task<string> TokenAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cognito!.BaseAddress, "oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Everything each part printed, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join("\n", _gateways.Select((g, i) => $"--- gateway {i} ---\n{g.Output}"))
        + $"\n--- haproxy ---\n{_haproxy?.Output}\n--- redis ---\n{_redis?.Output}";

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} not reached within {timeout ?? TimeSpan.FromSeconds(20)}");
    }

    // Each part is stopped even when another fails to: no process outlives the test.
    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        async Task Try(Func<ValueTask> stop)
        {
            try
            {
                await stop();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        if (_haproxy is not null)
        {
            await Try(_haproxy.DisposeAsync);
        }

        foreach (var gateway in _gateways)
        {
            await Try(gateway.DisposeAsync);
        }

        if (_cognito is not null)
        {
            await Try(_cognito.DisposeAsync);
        }

        if (_backend is not null)
        {
            await Try(_backend.DisposeAsync);
        }

        if (_redis is not null)
        {
            await Try(_redis.DisposeAsync);
        }

        await Try(() =>
        {
            _keys.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });
        if (errors.Count > 0)
        {
            throw new AggregateException("cleaning up the scale-out cluster", errors);
        }
    }
}
