using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.Discovery;

/// <summary>
/// A JWKS entry with exactly Cognito's members. Serializing JsonWebKey itself would add empty
/// key_ops/oth/x5c arrays.
/// </summary>
internal sealed record PublicJwk(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("e")] string E,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("use")] string Use);
