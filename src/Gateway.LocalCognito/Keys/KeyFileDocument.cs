using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.Keys;

/// <summary>The key file: the active key first, then the previous one.</summary>
internal sealed record KeyFileDocument([property: JsonPropertyName("keys")] IReadOnlyList<KeyFileEntry>? Keys);
