namespace Gateway.Operator;

/// <summary>The answer of <c>GET /_gateway/routes</c>: <c>items</c>, as in API Gateway's listings.</summary>
internal sealed record RouteList(long Generation, IReadOnlyList<RouteDescription> Items);
