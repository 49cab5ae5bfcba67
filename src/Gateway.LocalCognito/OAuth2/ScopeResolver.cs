using Gateway.LocalCognito.Pool;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>
/// Cognito's scope rules for client_credentials: an omitted scope grants all the client's custom scopes,
/// any scope outside them is invalid_scope, and a client needs at least one.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
/// </summary>
internal static class ScopeResolver
{
    /// <summary>The granted scopes in request order, or null for invalid_scope.</summary>
    public static IReadOnlyList<string>? Resolve(PoolClient client, string? requested)
    {
        if (client.AllowedScopes.Count == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            return client.AllowedScopes;
        }

        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        return scopes.All(s => client.AllowedScopes.Contains(s, StringComparer.Ordinal)) ? scopes : null;
    }
}
