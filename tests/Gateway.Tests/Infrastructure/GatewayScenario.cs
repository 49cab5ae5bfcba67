using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An issuer with one pool, an echo backend, and a default gateway configuration that tests adjust:
/// GET /orders/* needs orders/read or orders/admin (any-of), POST /orders/* needs orders/write and
/// orders/admin (all-of), /profile needs an ID token, /public/* is anonymous.
/// </summary>
public sealed class GatewayScenario : IAsyncLifetime, IAsyncDisposable
{
    public const string ClientId = "client-app-1";

    public TestIssuer Issuer { get; private set; } = null!;

    public TestIssuer.Pool Pool { get; private set; } = null!;

    public EchoBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        Pool = Issuer.AddPool("local_pool1");
        Backend = await EchoBackend.StartAsync();
    }

    /// <summary>A scenario of its own, for a test that changes the issuer (rotation, outage) or counts its fetches.</summary>
    public static async Task<GatewayScenario> CreateAsync()
    {
        var scenario = new GatewayScenario();
        await scenario.InitializeAsync();
        return scenario;
    }

    public async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public JsonObject DefaultConfig() => JsonNode.Parse($$"""
        {
          "Gateway": {
            "Authorizers": {
              "main": { "UserPools": [ { "Issuer": "{{Pool.Issuer}}" } ] }
            },
            "ClaimHeaders": { "X-User-Sub": "sub", "X-Client-Id": "client_id", "X-Scopes": "scope" },
            "SigningKeys": { "UnknownKidCooldown": "00:00:01", "FetchTimeout": "00:00:02" }
          },
          "ReverseProxy": {
            "Routes": {
              "orders-read": {
                "ClusterId": "echo",
                "Match": { "Path": "/orders/{**rest}", "Methods": [ "GET" ] },
                "Metadata": { "Authorizer": "main", "Scopes": "orders/read orders/admin" }
              },
              "orders-write": {
                "ClusterId": "echo",
                "Match": { "Path": "/orders/{**rest}", "Methods": [ "POST" ] },
                "Metadata": { "Authorizer": "main", "Scopes": "orders/write orders/admin", "ScopeMatch": "All" }
              },
              "profile": {
                "ClusterId": "echo",
                "Match": { "Path": "/profile" },
                "Metadata": { "Authorizer": "main" }
              },
              "public": {
                "ClusterId": "echo",
                "Match": { "Path": "/public/{**rest}" },
                "Metadata": { "Authorizer": "NONE" }
              }
            },
            "Clusters": {
              "echo": { "Destinations": { "d1": { "Address": "{{Backend.BaseAddress}}" } } }
            }
          }
        }
        """)!.AsObject();

    public Task<GatewayHost> StartGatewayAsync(Action<JsonObject>? adjust = null)
    {
        var config = DefaultConfig();
        adjust?.Invoke(config);
        return GatewayHost.StartAsync(config.ToJsonString());
    }

    public string AccessToken(string scope = "orders/read") => Tokens.Access(Pool, ClientId, scope);

    public string IdToken(string username = "alice") => Tokens.Id(Pool, ClientId, username);
}
