namespace Gateway.Configuration;

internal enum ScopeMatch
{
    /// <summary>The token needs one of the route's scopes (API Gateway's rule).</summary>
    Any,

    /// <summary>The token needs every one of the route's scopes.</summary>
    All,
}
