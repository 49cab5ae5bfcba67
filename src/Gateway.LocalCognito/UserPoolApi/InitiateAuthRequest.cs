namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>
/// The fields of InitiateAuth this service reads; others (ClientMetadata, ...) are ignored.
/// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
/// </summary>
internal sealed record InitiateAuthRequest(string? AuthFlow, string? ClientId, Dictionary<string, string>? AuthParameters);
