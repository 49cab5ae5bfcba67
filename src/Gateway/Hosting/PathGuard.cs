namespace Gateway.Hosting;

/// <summary>
/// Refuses request paths that mean different things to the gateway and to backends. Kestrel decodes and
/// normalizes the path the gateway routes on, but the backend receives what the client sent, so an encoded
/// slash or backslash (<c>/public/..%2fadmin</c>), a raw backslash (IIS), a dot segment with parameters
/// (<c>/public/..;/admin</c>, Tomcat and Spring) or a double-encoded character (<c>%252e</c>) could be authorized
/// by one route and resolved by the backend to another. Spring's StrictHttpFirewall refuses the same.
/// </summary>
internal static class PathGuard
{
    public static bool IsSafe(string rawTarget)
    {
        var query = rawTarget.IndexOf('?');
        var path = query < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, query);
        if (path.Contains('\\')
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%25", StringComparison.Ordinal))
        {
            return false;
        }

        // A segment whose part before ';' is a dot segment: "..;", ".;x", "%2e%2e;".
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            var semicolon = segment.IndexOf(';');
            if (semicolon >= 0 && IsDotSegment(segment[..semicolon]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '.')
            {
                dots++;
            }
            else if (i + 2 < segment.Length && segment[i] == '%' && segment[i + 1] == '2' && (segment[i + 2] is 'e' or 'E'))
            {
                dots++;
                i += 2;
            }
            else
            {
                return false;
            }
        }

        return dots is 1 or 2;
    }
}
