using System.Text.Json.Serialization;

namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>The awsJson1_1 error body that the AWS SDKs parse.</summary>
internal sealed record AmzErrorResponse(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string Message);
