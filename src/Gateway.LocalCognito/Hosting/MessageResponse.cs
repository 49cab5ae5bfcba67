using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.Hosting;

/// <summary>{"message": ...} body, the shape AWS uses for generic errors.</summary>
internal sealed record MessageResponse([property: JsonPropertyName("message")] string Message);
