namespace Gateway.LocalCognito.Pool;

/// <summary>The validated configuration, copied at start so later edits to the options object have no effect.</summary>
internal sealed class UserPool
{
    private readonly Dictionary<string, PoolClient> clients;
    private readonly Dictionary<string, PoolUser> users;

    public UserPool(LocalCognitoOptions options)
    {
        PoolId = options.UserPoolId;
        AccessTokenValiditySeconds = options.AccessTokenValiditySeconds;
        IdTokenValiditySeconds = options.IdTokenValiditySeconds;
        CustomScopes = options.ResourceServers
            .SelectMany(s => s.Scopes.Select(name => $"{s.Identifier}/{name}"))
            .ToArray();
        clients = options.Clients.ToDictionary(
            c => c.ClientId,
            c => new PoolClient(c.ClientId, c.ClientSecret, c.AllowedScopes.ToArray(), c.AllowClientCredentials, c.AllowUserPasswordAuth),
            StringComparer.Ordinal);

        // Cognito user names are case-insensitive by default.
        users = options.Users.ToDictionary(
            u => u.Username,
            u => new PoolUser(u.Username, u.Password, u.Email, u.Groups.ToArray(), u.Sub ?? StableSubject.For(u.Username)),
            StringComparer.OrdinalIgnoreCase);
    }

    public string PoolId { get; }

    public int AccessTokenValiditySeconds { get; }

    public int IdTokenValiditySeconds { get; }

    public IReadOnlyList<string> CustomScopes { get; }

    public IEnumerable<PoolClient> Clients => clients.Values;

    public PoolClient? FindClient(string clientId) => clients.GetValueOrDefault(clientId);

    public PoolUser? FindUser(string username) => users.GetValueOrDefault(username);
}
