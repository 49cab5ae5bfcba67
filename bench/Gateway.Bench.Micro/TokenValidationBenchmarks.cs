using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.Bench.Micro;

/// <summary>
/// What one request's token costs: full RS256 validation (a cache miss, or every request of the stock
/// JwtBearer setup) against a lookup in the validated-token cache (a hit). Tokens rotate through 256 distinct
/// ones so nothing is answered from a CPU cache line that a real request would not find warm.
/// BenchmarkDotNet requires public, unsealed benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const int TokenCount = 256;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private BenchTokens _tokens = null!;
    private ReplicatedResultCache _cache = null!;
    private string _header = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _tokens = new BenchTokens(TokenCount);
        _cache = new ReplicatedResultCache();
        foreach (var token in _tokens.Tokens)
        {
            var result = _handler.ValidateTokenAsync(token, _tokens.Parameters).GetAwaiter().GetResult();
            var principal = new ClaimsPrincipal(result.ClaimsIdentity);
            _cache.Set("cognito", token, new CachedToken(principal, [BenchTokens.Scope], DateTimeOffset.UtcNow.AddHours(1), []));
        }

        _header = "Bearer " + _tokens.Tokens[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _cache.Dispose();

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

    /// <summary>A cache hit as the gateway does it today: SHA-256 of the token string, MemoryCache lookup, expiry check.</summary>
    [Benchmark(Baseline = true)]
    public bool CachedLookup() => _cache.TryGet("cognito", NextToken(), out _);

    /// <summary>
    /// Today's header read before the lookup: "Bearer &lt;token&gt;" is trimmed and the token copied into a new string
    /// (src/Gateway/Authentication/BearerTokenReader.cs), about 1.6 KB for a Cognito access token.
    /// </summary>
    [Benchmark]
    public bool ReadHeaderThenCachedLookup()
    {
        var span = _header.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        var token = span[(space + 1)..].Trim().ToString();
        return _cache.TryGet("cognito", token, out _);
    }

    /// <summary>Suggestion: hash the header's span directly; no token string is allocated on a hit.</summary>
    [Benchmark]
    public bool ReadHeaderThenCachedLookup_Span()
    {
        var span = _header.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        return _cache.TryGet("cognito", span[(space + 1)..].Trim(), out _);
    }
}
