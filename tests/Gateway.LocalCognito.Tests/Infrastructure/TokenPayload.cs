using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>The raw JSON of a token's header and payload, to check claim names and JSON kinds exactly.</summary>
internal static class TokenPayload
{
    public static JsonElement Header(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(new JsonWebToken(token).EncodedHeader)).RootElement.Clone();

    public static JsonElement Claims(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(new JsonWebToken(token).EncodedPayload)).RootElement.Clone();

    public static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
