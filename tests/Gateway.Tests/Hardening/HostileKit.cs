using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Hardening;

/// <summary>
/// Builds JWS tokens from raw header and payload text (or bytes), signed with any key and algorithm, so a hostile
/// token can carry a valid signature and fail only for the property under test.
/// </summary>
internal static class Jws
{
    public static string Segment(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    public static string Segment(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    /// <summary>The signature segment over "<paramref name="header"/>.<paramref name="payload"/>" as given (already encoded).</summary>
    public static string Signature(string header, string payload, SecurityKey key, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var provider = CryptoProviderFactory.Default.CreateForSigning(key, algorithm);
        try
        {
            return Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(header + "." + payload)));
        }
        finally
        {
            CryptoProviderFactory.Default.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary>header.payload.signature from encoded segments.</summary>
    public static string SignSegments(string header, string payload, SecurityKey key, string algorithm = SecurityAlgorithms.RsaSha256) =>
        $"{header}.{payload}.{Signature(header, payload, key, algorithm)}";

    /// <summary>A token from raw JSON text (or any text) for header and payload.</summary>
    public static string Sign(string headerJson, string payloadJson, SecurityKey key, string algorithm = SecurityAlgorithms.RsaSha256) =>
        SignSegments(Segment(headerJson), Segment(payloadJson), key, algorithm);
}

/// <summary>What <see cref="RawHttp"/> returned, as an <see cref="HttpResponseMessage"/> so GatewayAssert applies.</summary>
internal static class RawResponse
{
    public static HttpResponseMessage ToMessage((HttpStatusCode Status, string Head, string Body) raw)
    {
        var lines = raw.Head.Split("\r\n");
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .Select(p => (Name: p[0].Trim(), Value: p[1].Trim()))
            .ToList();
        var chunked = headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(chunked ? Dechunk(raw.Body) : raw.Body));
        var message = new HttpResponseMessage(raw.Status) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>The JSON object of a body, possibly chunked: between the first '{' and the last '}'.</summary>
    public static string JsonObject(string body)
    {
        var start = body.IndexOf('{');
        var end = body.LastIndexOf('}');
        Assert.True(start >= 0 && end > start, $"no JSON object in body: {body}");
        return body[start..(end + 1)];
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(body[position..lineEnd].Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}

/// <summary>
/// What a lenient backend could make of the path it received (as ASP.NET Core gives it: percent-decoded once,
/// except %2F): %2E, %2F and %5C decoded, backslashes taken as slashes (IIS, Windows), repeated slashes merged,
/// path parameters ignored when spotting dot segments ("..;" is ".." to Tomcat, Jetty and Spring), dot
/// segments resolved. A path that resolves to /admin this way reaches /admin on such a backend. Overlong UTF-8
/// (%C0%AE), %u escapes and look-alike characters are left as they are: no current decoder reads them as
/// '.' or '/'.
/// </summary>
internal static class LenientPath
{
    public static string Resolve(string path)
    {
        var decoded = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length)
            {
                var hex = path.Substring(i + 1, 2).ToUpperInvariant();
                var c = hex switch { "2E" => '.', "2F" => '/', "5C" => '/', _ => '\0' };
                if (c != '\0')
                {
                    decoded.Append(c);
                    i += 2;
                    continue;
                }
            }

            decoded.Append(path[i] == '\\' ? '/' : path[i]);
        }

        var output = new List<string>();
        foreach (var raw in decoded.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Split(';')[0];
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(raw);
        }

        return "/" + string.Join('/', output);
    }

    /// <summary>Whether a path names /admin or something below it, in any case, with or without a ;parameter.</summary>
    public static bool IsAdmin(string path)
    {
        var first = path.TrimStart('/').Split('/')[0].Split(';')[0];
        return first.Equals("admin", StringComparison.OrdinalIgnoreCase);
    }
}
