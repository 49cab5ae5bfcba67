using Microsoft.Extensions.Primitives;

namespace Gateway.Authentication;

/// <summary>
/// Takes the token from the identity-source header the way API Gateway does: the bare token (the documented
/// form) or <c>Bearer &lt;token&gt;</c>. Any other scheme, or two different values, is refused.
/// </summary>
internal static class BearerTokenReader
{
    internal readonly record struct Result(string? Token, string? FailureReason);

    public static Result Read(HttpContext context, string headerName)
    {
        var feature = context.GetGatewayFeature();
        if (feature.ReadToken is { } cached)
        {
            return cached;
        }

        var result = Read(context.Request.Headers[headerName]);
        feature.ReadToken = result;
        return result;
    }

    internal static Result Read(StringValues values)
    {
        if (values.Count == 0)
        {
            return new(null, ReasonCodes.MissingToken);
        }

        string? token = null;
        foreach (var value in values)
        {
            var current = Parse(value, out var reason);
            if (reason is not null)
            {
                return new(null, reason);
            }

            // The same header twice with different tokens: which one would the backend see? Refuse.
            if (token is not null && !string.Equals(token, current, StringComparison.Ordinal))
            {
                return new(null, ReasonCodes.AmbiguousToken);
            }

            token = current;
        }

        return new(token, null);
    }

    private static string? Parse(string? value, out string? reason)
    {
        var span = value.AsSpan().Trim();
        if (span.IsEmpty)
        {
            reason = ReasonCodes.MissingToken;
            return null;
        }

        var space = span.IndexOfAny(' ', '\t');
        if (space < 0)
        {
            reason = null;
            return span.Length == value!.Length ? value : span.ToString();
        }

        if (!span[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            reason = ReasonCodes.UnsupportedScheme;
            return null;
        }

        var token = span[(space + 1)..].Trim();
        if (token.IsEmpty)
        {
            reason = ReasonCodes.MissingToken;
            return null;
        }

        if (token.IndexOfAny(' ', '\t') >= 0 || token.Contains(','))
        {
            // "Bearer a b" or a comma-joined list: not one token.
            reason = ReasonCodes.Malformed;
            return null;
        }

        reason = null;
        return token.ToString();
    }
}
