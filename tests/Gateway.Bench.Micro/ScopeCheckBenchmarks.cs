using BenchmarkDotNet.Attributes;

namespace Gateway.Bench.Micro;

/// <summary>
/// The route's scope check, which the gateway runs on every request, cached token or not. It reads the token's
/// scopes split once into an array when the token was validated (src/Gateway/Authentication/ValidatedToken.cs,
/// HasScope); the stock policy splits the claim string on every request. The set the gateway used before is
/// kept for comparison: no faster for a handful of scopes, and heavier in each of 50,000 cached entries.
/// </summary>
[MemoryDiagnoser]
public class ScopeCheckBenchmarks
{
    private const string ScopeClaim = "openid demo-api/other demo-api/hello";
    private readonly string[] _routeScopes = ["demo-api/hello"];
    private readonly string[] _tokenScopeArray = ScopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    private readonly HashSet<string> _tokenScopes = new(ScopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>The gateway, any-of: an ordinal linear search of the token's scopes for each scope of the route.</summary>
    [Benchmark(Baseline = true)]
    public bool CachedArray_AnyOf()
    {
        foreach (var scope in _routeScopes)
        {
            foreach (var granted in _tokenScopeArray)
            {
                if (string.Equals(granted, scope, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Before: HashSet.Contains for each scope of the route.</summary>
    [Benchmark]
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

    /// <summary>What the gateway pays once per validated token: split into an array, duplicates removed (TokenValidated).</summary>
    [Benchmark]
    public int BuildArrayOnValidation() =>
        ScopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray().Length;

    /// <summary>Before: split into a new set.</summary>
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
