using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>Reads client credentials from an HTTP Basic Authorization header.</summary>
internal static class BasicCredentials
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// False when a Basic header is present but malformed. Id and secret are null when there is no Basic header.
    /// RFC 6749 2.3.1: both parts are form-urlencoded before base64, so they are URL-decoded here.
    /// https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
    /// </summary>
    public static bool TryRead(StringValues authorization, out string? clientId, out string? clientSecret)
    {
        clientId = null;
        clientSecret = null;
        if (authorization.Count == 0)
        {
            return true;
        }

        if (authorization.Count > 1)
        {
            return false;
        }

        var value = authorization.ToString();
        const string scheme = "Basic ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme authenticates nothing here; the client must then use the form fields.
            return true;
        }

        var encoded = value[scheme.Length..].Trim();
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        clientId = WebUtility.UrlDecode(decoded[..colon]);
        clientSecret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        return true;
    }
}
