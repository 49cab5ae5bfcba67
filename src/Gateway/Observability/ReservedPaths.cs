using Gateway.Configuration;

namespace Gateway.Observability;

/// <summary>
/// Paths the gateway answers itself before any route: the metrics path and everything under /_gateway/. A route
/// that claims one is refused at load, like a route on a health path, so nobody forwards them by mistake.
/// </summary>
internal static class ReservedPaths
{
    public static bool IsOperatorPath(string? path) =>
        path is not null
        && path.StartsWith(OperatorOptions.PathPrefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == OperatorOptions.PathPrefix.Length || path[OperatorOptions.PathPrefix.Length] == '/');

    public static void CheckRoute(string prefix, string? matchPath, GatewayOptions options, List<string> errors)
    {
        var metrics = options.Observability.Metrics;
        if (metrics.Enabled && string.Equals(matchPath, metrics.Path, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{prefix}:Match:Path '{matchPath}' is the gateway's metrics endpoint: change the route's path or Gateway:Observability:Metrics:Path.");
        }

        if (IsOperatorPath(matchPath))
        {
            errors.Add($"{prefix}:Match:Path '{matchPath}' is under {OperatorOptions.PathPrefix}/, which the gateway reserves for its operator endpoints: choose another path.");
        }
    }
}
