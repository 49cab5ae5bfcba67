namespace Gateway.Operator;

/// <summary>One effective route, as <c>aws apigateway get-resources</c> lists a resource with its methods.</summary>
internal sealed record RouteDescription(
    string RouteId,
    string? Path,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string>? Hosts,
    string Authorizer,
    IReadOnlyList<string> Scopes,
    string? ScopeMatch,
    string? Cluster,
    int? Order);
