using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hardening;

/// <summary>A gateway in front of a <see cref="ScriptedBackend"/>: /api/* needs scope api/call, /open/* is public.</summary>
internal static class HardeningConfig
{
    public static string Json(TestIssuer.Pool pool, ScriptedBackend backend, string extraGateway = "", string extraRoute = "", string clusterHttpRequest = "", string extraOpenRoute = "") => $$"""
        {
          "Gateway": {
            "Authorizers": { "main": { "UserPools": [ { "Issuer": "{{pool.Issuer}}" } ], "NoScopeTokenUse": "Access" } }
            {{extraGateway}}
          },
          "ReverseProxy": {
            "Routes": {
              "api":  { "ClusterId": "b", "Match": { "Path": "/api/{**rest}" }, "Transforms": [ { "PathRemovePrefix": "/api" } ],
                        "Metadata": { "Authorizer": "main", "Scopes": "api/call" } {{extraRoute}} },
              "open": { "ClusterId": "b", "Match": { "Path": "/open/{**rest}" }, "Transforms": [ { "PathRemovePrefix": "/open" } ],
                        "Metadata": { "Authorizer": "NONE" } {{extraOpenRoute}} }
            },
            "Clusters": { "b": { "Destinations": { "d": { "Address": "{{backend.BaseAddress}}" } } {{clusterHttpRequest}} } }
          }
        }
        """;
}
