namespace Gateway.Observability;

/// <summary>
/// Values of the <c>result</c> tag of <c>gateway.authorizer.duration</c>. A cache hit is not timed, only counted
/// (<c>gateway.token_cache.hits</c>).
/// </summary>
internal static class AuthorizerResults
{
    /// <summary>The token was validated by the pool's JwtBearer scheme.</summary>
    public const string CacheMiss = "cache_miss";

    /// <summary>Refused before any cache lookup: no token, an unusable header, or no such authorizer.</summary>
    public const string Refused = "refused";
}
