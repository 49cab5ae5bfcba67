using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authentication;

/// <summary>
/// Shape rules checked before a token is validated, where IdentityModel is lenient but a backend reading the
/// forwarded Authorization header might not be: exactly three base64url parts without padding, header and
/// payload each one JSON object with no repeated member and nothing after it, no <c>crit</c> header (RFC 7515
/// section 4.1.11: unknown critical extensions must be refused; Cognito uses none), and exp/nbf/iat as numbers.
/// A repeated <c>token_use</c> or <c>iss</c> would otherwise be read one way here and another way downstream.
/// </summary>
internal static class StrictTokenShape
{
    /// <summary>
    /// Whether the token has the shape, and its <c>iss</c> (null when absent). One pass over header and payload:
    /// the same reading picks the pool, so a token is not parsed twice before validation.
    /// </summary>
    public static bool IsValid(string token, out string? issuer)
    {
        issuer = null;
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.IndexOf('.', second + 1) >= 0 || token.Contains('='))
        {
            return false;
        }

        return IsObject(token.AsSpan(0, first), isHeader: true, out _) && IsObject(token.AsSpan(first + 1, second - first - 1), isHeader: false, out issuer);
    }

    private static bool IsObject(ReadOnlySpan<char> segment, bool isHeader, out string? issuer)
    {
        issuer = null;
        byte[] json;
        try
        {
            json = Base64UrlEncoder.DecodeBytes(segment.ToString());
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                if (!names.Add(name) || (isHeader && name == "crit"))
                {
                    return false;
                }

                reader.Read();
                if (!isHeader && name is "exp" or "nbf" or "iat" && reader.TokenType != JsonTokenType.Number)
                {
                    return false;
                }

                if (!isHeader && name == "iss")
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    issuer = reader.GetString();
                }

                reader.Skip();
            }

            // Anything after the object ("{...}{...}") makes the reader throw: one value only.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string surfaces here.
            return false;
        }
    }
}
