using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.Discovery;

internal sealed record JwksDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJwk> Keys);
