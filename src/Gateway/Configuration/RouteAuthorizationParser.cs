using System.Buffers;

namespace Gateway.Configuration;

/// <summary>
/// Reads and checks a route's authorization metadata. Used at start-up (all routes, all errors at once)
/// and on every YARP config reload (a bad route rejects the reload, the last good config keeps serving).
/// </summary>
internal static class RouteAuthorizationParser
{
    // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    private static readonly SearchValues<char> ScopeChars = SearchValues.Create(
        "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static RouteAuthorization? Parse(
        string routeId,
        IReadOnlyDictionary<string, string>? metadata,
        string? authorizationPolicy,
        string? matchPath,
        GatewayOptions options,
        List<string> errors)
    {
        var prefix = $"ReverseProxy:Routes:{routeId}";
        var before = errors.Count;
        var authorizers = options.Authorizers;

        if (string.Equals(matchPath, options.Health.LivePath, StringComparison.OrdinalIgnoreCase)
            || string.Equals(matchPath, options.Health.ReadyPath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{prefix}:Match:Path '{matchPath}' is the gateway's health endpoint: change the route's path or Gateway:Health.");
        }

        // Metrics and /_gateway/ are answered by the gateway itself, like the health paths.
        Observability.ReservedPaths.CheckRoute(prefix, matchPath, options, errors);

        if (!string.IsNullOrEmpty(authorizationPolicy))
        {
            errors.Add($"{prefix}:AuthorizationPolicy ('{authorizationPolicy}') is not used by Gateway: declare the route's authorization with Metadata:{RouteAuthorization.AuthorizerKey} (an authorizer name or {RouteAuthorization.Anonymous}) and Metadata:{RouteAuthorization.ScopesKey}.");
        }

        // YARP keeps metadata keys as written; the gateway's keys are read case-insensitively like all configuration.
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            lookup[key] = value;
        }

        string? authorizer = null;
        string? scopesText = null;
        string? matchText = null;
        lookup.TryGetValue(RouteAuthorization.AuthorizerKey, out authorizer);
        lookup.TryGetValue(RouteAuthorization.ScopesKey, out scopesText);
        lookup.TryGetValue(RouteAuthorization.ScopeMatchKey, out matchText);

        var known = string.Join(", ", authorizers.Keys.Order(StringComparer.Ordinal));
        string? authorizerName = null;
        if (string.IsNullOrWhiteSpace(authorizer))
        {
            errors.Add($"{prefix}:Metadata:{RouteAuthorization.AuthorizerKey} is missing: every route must name an authorizer from Gateway:Authorizers ({(known.Length == 0 ? "none configured" : known)}) or say \"{RouteAuthorization.Anonymous}\" to be public.");
        }
        else if (string.Equals(authorizer, RouteAuthorization.Anonymous, StringComparison.OrdinalIgnoreCase))
        {
            if (scopesText is not null)
            {
                errors.Add($"{prefix}:Metadata:{RouteAuthorization.ScopesKey} is set on a public route ({RouteAuthorization.AuthorizerKey} = {RouteAuthorization.Anonymous}): scopes need an authorizer; name one or remove the scopes.");
            }
        }
        else if (!authorizers.ContainsKey(authorizer))
        {
            errors.Add($"{prefix}:Metadata:{RouteAuthorization.AuthorizerKey} names the unknown authorizer '{authorizer}': use one of Gateway:Authorizers ({(known.Length == 0 ? "none configured" : known)}) or \"{RouteAuthorization.Anonymous}\".");
        }
        else
        {
            authorizerName = authorizers.Keys.First(k => string.Equals(k, authorizer, StringComparison.OrdinalIgnoreCase));
        }

        var scopes = Array.Empty<string>();
        if (scopesText is not null)
        {
            scopes = scopesText.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (scopes.Length == 0)
            {
                errors.Add($"{prefix}:Metadata:{RouteAuthorization.ScopesKey} is empty: list space-separated scopes such as \"orders/read\", or remove the key to require an ID token.");
            }

            foreach (var scope in scopes)
            {
                if (scope.AsSpan().ContainsAnyExcept(ScopeChars))
                {
                    errors.Add($"{prefix}:Metadata:{RouteAuthorization.ScopesKey} has the malformed scope '{scope}': a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749 section 3.3), such as \"orders/read\".");
                }
            }
        }

        var match = ScopeMatch.Any;
        if (matchText is not null)
        {
            // Enum.TryParse also takes "0" or "1"; only the names are meant.
            if (int.TryParse(matchText, out _) || !Enum.TryParse(matchText, ignoreCase: true, out match))
            {
                errors.Add($"{prefix}:Metadata:{RouteAuthorization.ScopeMatchKey} is '{matchText}': use \"Any\" (default, as API Gateway) or \"All\".");
            }
            else if (scopesText is null)
            {
                errors.Add($"{prefix}:Metadata:{RouteAuthorization.ScopeMatchKey} is set but the route has no Metadata:{RouteAuthorization.ScopesKey}: remove it or add scopes.");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new RouteAuthorization(routeId, authorizerName, scopes, match);
    }
}
