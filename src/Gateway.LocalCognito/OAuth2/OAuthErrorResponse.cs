using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>Cognito's token endpoint error body: only "error", no description.</summary>
internal sealed record OAuthErrorResponse([property: JsonPropertyName("error")] string Error);
