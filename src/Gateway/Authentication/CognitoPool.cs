namespace Gateway.Authentication;

/// <summary>One user pool of an authorizer: its issuer, the JwtBearer scheme that validates its tokens, its keys.</summary>
internal sealed record CognitoPool(string Issuer, string SchemeName, SigningKeySource Keys);
