using System.Text.Json.Serialization;
using Gateway.LocalCognito.Discovery;
using Gateway.LocalCognito.Hosting;
using Gateway.LocalCognito.Keys;
using Gateway.LocalCognito.OAuth2;
using Gateway.LocalCognito.UserPoolApi;

namespace Gateway.LocalCognito;

/// <summary>Source-generated JSON for every body this service reads or writes (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(InitiateAuthRequest))]
[JsonSerializable(typeof(InitiateAuthResponse))]
[JsonSerializable(typeof(AmzErrorResponse))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(JwksDocument))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(KeyFileDocument))]
internal sealed partial class LocalCognitoJsonContext : JsonSerializerContext;
