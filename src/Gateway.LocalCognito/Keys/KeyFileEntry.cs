using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.Keys;

/// <summary>One persisted key: a PKCS#8 PEM private key.</summary>
internal sealed record KeyFileEntry([property: JsonPropertyName("privateKeyPem")] string? PrivateKeyPem);
