using Gateway.Configuration;

namespace Gateway.Authentication;

/// <summary>Every configured authorizer by name.</summary>
internal sealed class CognitoAuthorizers
{
    private readonly Dictionary<string, CognitoAuthorizer> _byName;

    public CognitoAuthorizers(GatewayOptions options, SigningKeySources keySources, long generation)
    {
        _byName = options.Authorizers.ToDictionary(
            a => a.Key,
            a => new CognitoAuthorizer(a.Key, a.Value, keySources, generation),
            StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<CognitoAuthorizer> All => _byName.Values;

    public CognitoAuthorizer Get(string name) => _byName[name];

    public CognitoAuthorizer? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The authorizer whose scheme this is; few authorizers, so a scan beats another dictionary.</summary>
    public CognitoAuthorizer? FindByScheme(string schemeName)
    {
        foreach (var authorizer in _byName.Values)
        {
            if (authorizer.SchemeName == schemeName)
            {
                return authorizer;
            }
        }

        return null;
    }
}
