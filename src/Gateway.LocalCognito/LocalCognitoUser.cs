namespace Gateway.LocalCognito;

/// <summary>A user of the local pool, signed in with USER_PASSWORD_AUTH.</summary>
public sealed class LocalCognitoUser
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string? Email { get; set; }

    public List<string> Groups { get; set; } = new();

    /// <summary>When not set, a stable GUID derived from the username, so it survives restarts.</summary>
    public string? Sub { get; set; }
}
