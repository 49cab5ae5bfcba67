namespace Gateway.LocalCognito.Tokens;

/// <summary>The tokens of one user sign-in.</summary>
internal sealed record UserTokens(string AccessToken, string IdToken);
