using Gateway.Configuration;
using Gateway.Runtime;
using Yarp.ReverseProxy;

namespace Gateway.Operator;

/// <summary>
/// The routes YARP serves right now (after any reload), each joined with the authorization it declares.
/// </summary>
internal static class RouteListing
{
    public static RouteList Describe(IProxyStateLookup proxy, GatewayState state)
    {
        var items = new List<RouteDescription>();
        foreach (var model in proxy.GetRoutes())
        {
            var config = model.Config;

            // Loaded routes were validated against this state; a parse failure means a reload is half applied.
            var route = RouteAuthorizationParser.Parse(config.RouteId, config.Metadata, config.AuthorizationPolicy, config.Match.Path, state.Options, []);
            var declared = config.Metadata?.FirstOrDefault(m => string.Equals(m.Key, RouteAuthorization.AuthorizerKey, StringComparison.OrdinalIgnoreCase)).Value;
            items.Add(new RouteDescription(
                config.RouteId,
                config.Match.Path,
                config.Match.Methods is { Count: > 0 } methods ? methods.ToArray() : ["ANY"],
                config.Match.Hosts is { Count: > 0 } hosts ? hosts.ToArray() : null,
                route is null ? declared ?? "(invalid)" : route.AuthorizerName ?? RouteAuthorization.Anonymous,
                route?.Scopes ?? [],
                route is { Scopes.Length: > 0 } ? route.ScopeMatch.ToString() : null,
                config.ClusterId,
                config.Order));
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path) is var byPath and not 0 ? byPath : string.CompareOrdinal(a.RouteId, b.RouteId));
        return new RouteList(state.Generation, items);
    }
}
