namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>The pool every test uses: one resource server, clients for each token-endpoint case, two users.</summary>
internal static class TestPool
{
    public const string PoolId = "local_tests";
    public const string TutorialClientId = "tutorial-client";
    public const string TutorialSecret = "tutorial-secret";
    public const string ReadOnlyClientId = "read-only-client";
    public const string ReadOnlySecret = "read-only-secret";
    public const string NoClientCredentialsId = "no-cc-client";
    public const string NoScopesClientId = "no-scopes-client";
    public const string OddSecretClientId = "odd client+id";
    public const string OddSecret = "s3cr:t+/=%ü";
    public const string WebClientId = "web-client";
    public const string UserPasswordDisabledClientId = "no-password-auth";
    public const string Alice = "alice";
    public const string AlicePassword = "Alice-Passw0rd!";
    public const string Bob = "bob";
    public const string BobPassword = "Bob-Passw0rd!";

    public static LocalCognitoOptions Options(string keyFile) => new()
    {
        Url = "http://127.0.0.1:0",
        Region = "local",
        UserPoolId = PoolId,
        KeyFile = keyFile,
        ResourceServers = [new() { Identifier = "orders", Scopes = ["read", "write"] }],
        Clients =
        [
            new() { ClientId = TutorialClientId, ClientSecret = TutorialSecret, AllowedScopes = ["orders/read", "orders/write"] },
            new() { ClientId = ReadOnlyClientId, ClientSecret = ReadOnlySecret, AllowedScopes = ["orders/read"] },
            new() { ClientId = NoClientCredentialsId, ClientSecret = "no-cc-secret", AllowedScopes = ["orders/read"], AllowClientCredentials = false },
            new() { ClientId = NoScopesClientId, ClientSecret = "no-scopes-secret" },
            new() { ClientId = OddSecretClientId, ClientSecret = OddSecret, AllowedScopes = ["orders/read"] },
            new() { ClientId = WebClientId, AllowClientCredentials = false },
            new() { ClientId = UserPasswordDisabledClientId, AllowClientCredentials = false, AllowUserPasswordAuth = false },
        ],
        Users =
        [
            new() { Username = Alice, Password = AlicePassword, Email = "alice@example.com", Groups = ["admins", "readers"] },
            new() { Username = Bob, Password = BobPassword },
        ],
    };
}
