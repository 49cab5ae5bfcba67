using BenchmarkDotNet.Attributes;

namespace Gateway.Bench.Micro;

/// <summary>
/// The route's scope check, which the gateway runs on every request, cached token or not. It reads the token's
/// scopes split once into a set when the token was validated (src/Gateway/Authorization/
/// CognitoRouteRequirementHandler.cs); the stock policy splits the claim string on every request.
/// </summary>
[MemoryDiagnoser]
public class ScopeCheckBenchmarks
{
    private const string ScopeClaim = "openid demo-api/other demo-api/hello";
    private readonly string[] _routeScopes = ["demo-api/hello"];
    private readonly HashSet<string> _tokenScopes = new(ScopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>The gateway, any-of: HashSet.Contains for each scope of the route.</summary>
    [Benchmark(Baseline = true)]
    public bool CachedSet_AnyOf()
    {
        foreach (var scope in _routeScopes)
        {
            if (_tokenScopes.Contains(scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stock policy of the baseline: Split(' ') of the claim and Contains, per request.</summary>
    [Benchmark]
    public bool SplitPerRequest() => ScopeClaim.Split(' ').Contains("demo-api/hello");

    /// <summary>What the gateway pays once per validated token: split into a new set (TokenValidated).</summary>
    [Benchmark]
    public int BuildSetOnValidation()
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in ScopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            scopes.Add(scope);
        }

        return scopes.Count;
    }
}
