using Microsoft.Extensions.Primitives;

namespace Gateway.Authentication;

/// <summary>
/// Takes the token from the identity-source header the way API Gateway does: the bare token (the documented
/// form) or <c>Bearer &lt;token&gt;</c>. Any other scheme, or two different values, is refused. The token is
/// located within the header value without copying it: a cache hit hashes it in place.
/// </summary>
internal static class BearerTokenReader
{
    internal readonly record struct Result(string? Source, int Start, int Length, string? FailureReason)
    {
        public bool HasToken => Source is not null;

        public ReadOnlySpan<char> Span => Source.AsSpan(Start, Length);

        public static Result Failed(string reason) => new(null, 0, 0, reason);
    }

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

    /// <summary>The token as a string, made once per request and only when validation needs it.</summary>
    public static string TokenText(HttpContext context, Result read)
    {
        var feature = context.GetGatewayFeature();
        return feature.TokenText ??= read.Start == 0 && read.Length == read.Source!.Length
            ? read.Source
            : read.Source!.Substring(read.Start, read.Length);
    }

    internal static Result Read(StringValues values)
    {
        if (values.Count == 0)
        {
            return Result.Failed(ReasonCodes.MissingToken);
        }

        var result = Parse(values[0]);
        for (var i = 1; i < values.Count && result.HasToken; i++)
        {
            var other = Parse(values[i]);
            if (!other.HasToken)
            {
                return other;
            }

            // The same header twice with different tokens: which one would the backend see? Refuse.
            if (!other.Span.SequenceEqual(result.Span))
            {
                return Result.Failed(ReasonCodes.AmbiguousToken);
            }
        }

        return result;
    }

    private static Result Parse(string? value)
    {
        var span = value.AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && char.IsWhiteSpace(span[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(span[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            return Result.Failed(ReasonCodes.MissingToken);
        }

        var trimmed = span[start..end];
        var space = trimmed.IndexOfAny(' ', '\t');
        if (space < 0)
        {
            return new Result(value, start, end - start, null);
        }

        if (!trimmed[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Failed(ReasonCodes.UnsupportedScheme);
        }

        var tokenStart = start + space + 1;
        while (tokenStart < end && char.IsWhiteSpace(span[tokenStart]))
        {
            tokenStart++;
        }

        var token = span[tokenStart..end];
        if (token.IsEmpty)
        {
            return Result.Failed(ReasonCodes.MissingToken);
        }

        if (token.IndexOfAny(' ', '\t') >= 0 || token.Contains(','))
        {
            // "Bearer a b" or a comma-joined list: not one token.
            return Result.Failed(ReasonCodes.Malformed);
        }

        return new Result(value, tokenStart, end - tokenStart, null);
    }
}
