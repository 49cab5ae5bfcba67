namespace Gateway.Configuration;

/// <summary>
/// What a YARP route declares about authorization, read from its <c>Metadata</c>:
/// <c>Authorizer</c> (a name from <c>Gateway:Authorizers</c>, or <c>NONE</c>), <c>Scopes</c> (space-separated,
/// like Cognito's <c>scope</c> claim) and <c>ScopeMatch</c> (<c>Any</c> or <c>All</c>).
/// </summary>
internal sealed class RouteAuthorization
{
    public const string AuthorizerKey = "Authorizer";
    public const string ScopesKey = "Scopes";
    public const string ScopeMatchKey = "ScopeMatch";

    /// <summary>API Gateway's <c>authorizationType: NONE</c>: a route that says it is public.</summary>
    public const string Anonymous = "NONE";

    public RouteAuthorization(string routeId, string? authorizerName, string[] scopes, ScopeMatch scopeMatch)
    {
        RouteId = routeId;
        AuthorizerName = authorizerName;
        Scopes = scopes;
        ScopeMatch = scopeMatch;
    }

    public string RouteId { get; }

    /// <summary>Null for a public route.</summary>
    public string? AuthorizerName { get; }

    public string[] Scopes { get; }

    public ScopeMatch ScopeMatch { get; }

    public bool IsAnonymous => AuthorizerName is null;
}
