namespace Gateway.LocalCognito;

/// <summary>
/// A resource server with custom scopes; a full scope is "{Identifier}/{name}", as in Cognito.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
/// </summary>
public sealed class LocalCognitoResourceServer
{
    public string Identifier { get; set; } = "";

    /// <summary>Scope names without the identifier prefix, e.g. "read".</summary>
    public List<string> Scopes { get; set; } = new();
}
