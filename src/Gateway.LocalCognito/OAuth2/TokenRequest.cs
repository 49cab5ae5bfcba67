namespace Gateway.LocalCognito.OAuth2;

/// <summary>A syntactically valid token request; credentials come from Basic auth or the form.</summary>
internal sealed record TokenRequest(string GrantType, string? ClientId, string? ClientSecret, string? Scope);
