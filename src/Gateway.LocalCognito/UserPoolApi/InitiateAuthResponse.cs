namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>InitiateAuth success body; no challenge is ever issued, so ChallengeParameters is empty.</summary>
internal sealed record InitiateAuthResponse(AuthenticationResult AuthenticationResult, Dictionary<string, string> ChallengeParameters);
