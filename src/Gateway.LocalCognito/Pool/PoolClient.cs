namespace Gateway.LocalCognito.Pool;

/// <summary>Immutable snapshot of a configured app client.</summary>
internal sealed record PoolClient(
    string ClientId,
    string? ClientSecret,
    IReadOnlyList<string> AllowedScopes,
    bool AllowClientCredentials,
    bool AllowUserPasswordAuth)
{
    public bool HasSecret => !string.IsNullOrEmpty(ClientSecret);
}
