using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>Success body of POST /oauth2/token for client_credentials (no refresh or ID token, as in Cognito).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType);
