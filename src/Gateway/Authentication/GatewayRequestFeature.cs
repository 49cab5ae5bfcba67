namespace Gateway.Authentication;

/// <summary>
/// Per-request state shared by token extraction, the authorizer, the response writer, the forwarding
/// transforms and the request log. One allocation per request instead of many HttpContext.Items entries.
/// </summary>
internal sealed class GatewayRequestFeature
{
    public GatewayRequestFeature(string requestId)
    {
        RequestId = requestId;
    }

    /// <summary>The <c>x-amzn-RequestId</c> of this request.</summary>
    public string RequestId { get; }

    /// <summary>Why the request was allowed or refused (see <see cref="ReasonCodes"/>).</summary>
    public string? Reason { get; set; }

    /// <summary>The authorizer that ran, if any.</summary>
    public string? Authorizer { get; set; }

    /// <summary>Set once the token has passed every check of the authorizer (not yet the route's scopes).</summary>
    public ValidatedToken? Token { get; set; }

    /// <summary>The route's required scopes, when a scope check failed (for insufficient_scope challenges).</summary>
    public string[]? RequiredScopes { get; set; }

    internal BearerTokenReader.Result? ReadToken { get; set; }

    internal string? TokenText { get; set; }

    /// <summary>The client's address through trusted proxies, once resolved.</summary>
    internal string? ClientAddress { get; set; }

    /// <summary>Where the authorizer's result for this token is cached, computed once per request.</summary>
    internal TokenCacheKey? CacheKey { get; set; }

    internal string? PeekedIssuer { get; set; }
}
