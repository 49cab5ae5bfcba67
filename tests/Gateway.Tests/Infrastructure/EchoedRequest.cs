namespace Gateway.Tests.Infrastructure;

/// <summary>What the echo backend received.</summary>
public sealed record EchoedRequest(string Method, string Path, string Query, Dictionary<string, string[]> Headers)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } values
            ? string.Join(",", values)
            : null;
}
