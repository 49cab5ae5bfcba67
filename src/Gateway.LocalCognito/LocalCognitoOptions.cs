namespace Gateway.LocalCognito;

/// <summary>
/// Configuration of the local, Cognito-compatible token service (configuration section "LocalCognito").
/// Validated as a whole by <see cref="LocalCognitoServer.StartAsync"/>.
/// </summary>
public sealed class LocalCognitoOptions
{
    /// <summary>Where to listen, e.g. http://localhost:9229. Port 0 picks a free port (tests).</summary>
    public string Url { get; set; } = "http://localhost:9229";

    /// <summary>Base used in the issuer if set (e.g. behind docker); else the actual bound address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Region part of the pool id; Cognito pool ids are "{region}_{id}".</summary>
    public string Region { get; set; } = "local";

    public string UserPoolId { get; set; } = "local_demo";

    /// <summary>Cognito allows 5 minutes to 1 day per app client.</summary>
    public int AccessTokenValiditySeconds { get; set; } = 3600;

    /// <summary>Cognito allows 5 minutes to 1 day per app client.</summary>
    public int IdTokenValiditySeconds { get; set; } = 3600;

    /// <summary>Signing keys; generated on first start, reused after so earlier tokens keep validating.</summary>
    public string KeyFile { get; set; } = ".keys/local-cognito-keys.json";

    public List<LocalCognitoResourceServer> ResourceServers { get; set; } = new();

    public List<LocalCognitoClient> Clients { get; set; } = new();

    public List<LocalCognitoUser> Users { get; set; } = new();
}
