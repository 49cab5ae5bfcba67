namespace Gateway.LocalCognito;

/// <summary>An app client of the local user pool.</summary>
public sealed class LocalCognitoClient
{
    public string ClientId { get; set; } = "";

    /// <summary>Required for client_credentials; optional for a public client that only signs users in.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Full custom scope strings, e.g. "orders/read".</summary>
    public List<string> AllowedScopes { get; set; } = new();

    public bool AllowClientCredentials { get; set; } = true;

    public bool AllowUserPasswordAuth { get; set; } = true;
}
