using System.Buffers;
using System.Security.Claims;
using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// The configured claim -> request header mapping (API Gateway's <c>$context.authorizer.claims.*</c> mapped to
/// integration request headers). Values are computed once per validated token, not per request.
/// </summary>
internal sealed class ClaimHeaderMap
{
    // Visible ASCII and space: what every HTTP stack passes through unchanged.
    private static readonly SearchValues<char> SafeChars = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly KeyValuePair<string, string>[] _headerToClaim;

    public ClaimHeaderMap(GatewayOptions options)
    {
        _headerToClaim = options.ClaimHeaders.ToArray();
        HeaderNames = _headerToClaim.Select(h => h.Key).ToArray();
        var normalized = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in HeaderNames)
        {
            normalized.Add(name.Replace('_', '-'));
        }

        NormalizedHeaderNames = normalized;
    }

    /// <summary>The headers the gateway sets; any client-sent copy is removed.</summary>
    public string[] HeaderNames { get; }

    /// <summary>The same names with '_' read as '-', as CGI-style backends do (X_User_Sub reaches them as X-User-Sub).</summary>
    public HashSet<string> NormalizedHeaderNames { get; }

    public KeyValuePair<string, string>[] Extract(ClaimsPrincipal principal)
    {
        if (_headerToClaim.Length == 0)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, string>>(_headerToClaim.Length);
        foreach (var (header, claim) in _headerToClaim)
        {
            string? value = null;
            foreach (var c in principal.FindAll(claim))
            {
                value = value is null ? c.Value : value + "," + c.Value;
            }

            if (value is not null)
            {
                result.Add(new(header, Encode(value)));
            }
        }

        return result.ToArray();
    }

    /// <summary>
    /// Claim values are user data (an email, a name); control characters would break the request and non-ASCII
    /// is refused by HttpClient, so such values are percent-encoded as UTF-8 (documented in the README).
    /// </summary>
    internal static string Encode(string value) =>
        value.AsSpan().ContainsAnyExcept(SafeChars) ? Uri.EscapeDataString(value) : value;
}
