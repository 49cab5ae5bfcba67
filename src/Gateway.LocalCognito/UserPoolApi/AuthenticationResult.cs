namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>
/// AuthenticationResultType without RefreshToken: this service cannot redeem one, so it hands none out.
/// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AuthenticationResultType.html
/// </summary>
internal sealed record AuthenticationResult(string AccessToken, int ExpiresIn, string IdToken, string TokenType);
