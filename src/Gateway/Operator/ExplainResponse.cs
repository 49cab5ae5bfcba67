namespace Gateway.Operator;

/// <summary>
/// What the gateway would do with a request: the route that matches, the decision and reason code the request
/// log would show, and the status it would answer (null when the request would be forwarded, since the
/// backend answers then). Describes the token (client id, type, scopes); never contains it.
/// </summary>
internal sealed record ExplainResponse(
    string? Route,
    string? Authorizer,
    string Decision,
    string Reason,
    int? Status,
    bool Forward,
    string? ClientId,
    string? TokenUse,
    IReadOnlyCollection<string>? Scopes,
    IReadOnlyList<string>? RequiredScopes);
