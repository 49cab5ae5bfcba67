namespace Gateway.Observability;

/// <summary>Values of the <c>result</c> tag of <c>gateway.authorizer.duration</c>.</summary>
internal static class AuthorizerResults
{
    /// <summary>The result cache answered (a remembered success or failure).</summary>
    public const string CacheHit = "cache_hit";

    /// <summary>The token was validated by the pool's JwtBearer scheme.</summary>
    public const string CacheMiss = "cache_miss";

    /// <summary>Refused before any cache lookup: no token, an unusable header, or no such authorizer.</summary>
    public const string Refused = "refused";
}
