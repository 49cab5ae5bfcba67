using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.Bench.Micro;

/// <summary>
/// What one request's token costs: full RS256 validation (a cache miss, or every request of the stock
/// JwtBearer setup) against a lookup in the gateway's own validated-token cache (a hit; src/Gateway/
/// Authentication/TokenResultCache.cs) and an insert into it. Tokens rotate through 256 distinct ones so
/// nothing is answered from a CPU cache line that a real request would not find warm.
/// BenchmarkDotNet requires public, unsealed benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const int TokenCount = 256;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private BenchTokens _tokens = null!;
    private Gateway.Authentication.TokenResultCache _cache = null!;
    private Gateway.Authentication.ValidatedToken _validated = null!;
    private int _next;
    private long _inserted;

    [GlobalSetup]
    public void Setup()
    {
        _tokens = new BenchTokens(TokenCount);
        _cache = new Gateway.Authentication.TokenResultCache(TimeProvider.System);
        _validated = new Gateway.Authentication.ValidatedToken("access", "bench-client", "bench-client", [BenchTokens.Scope], DateTimeOffset.UtcNow.AddHours(1), []);
        foreach (var token in _tokens.Tokens)
        {
            _cache.Set(_cache.KeyFor("cognito", token), _validated, TimeSpan.FromMinutes(5));
        }
    }

    private string NextToken() => _tokens.Tokens[_next++ & (TokenCount - 1)];

    /// <summary>Signature, issuer, lifetime and algorithm checks: JsonWebTokenHandler with the gateway's parameters.</summary>
    [Benchmark]
    public async Task<bool> Validate_Rs256()
    {
        var result = await _handler.ValidateTokenAsync(NextToken(), _tokens.Parameters);
        return result.IsValid;
    }

    /// <summary>
    /// As JwtBearer does it per request when it validates: parameters cloned with the pool's keys set, then the
    /// ClaimsPrincipal built from the result (the identity is created lazily, so this is where claims are read).
    /// </summary>
    [Benchmark]
    public async Task<ClaimsPrincipal?> Validate_AsJwtBearerDoes()
    {
        var parameters = _tokens.Parameters.Clone();
        parameters.IssuerSigningKeys = [_tokens.SigningKey];
        var result = await _handler.ValidateTokenAsync(NextToken(), parameters);
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }

    /// <summary>The gateway's pre-check on a miss: the unvalidated iss, to pick the pool and refuse strangers early.</summary>
    [Benchmark]
    public string? PeekIssuer() => new JsonWebToken(NextToken()).Issuer;

    /// <summary>A cache hit as the gateway does it: SHA-256 of the token's span, ConcurrentLru lookup, exp check.</summary>
    [Benchmark(Baseline = true)]
    public bool CachedLookup() => _cache.Find(_cache.KeyFor("cognito", NextToken())) is not null;

    /// <summary>What a miss adds after validation: hashing and inserting a never-seen token (the unique-token mix).</summary>
    [Benchmark]
    public void CacheInsert()
    {
        var key = new Gateway.Authentication.TokenCacheKey("cognito", (UInt128)(++_inserted));
        _cache.Set(key, _validated, TimeSpan.FromMinutes(5));
    }
}
