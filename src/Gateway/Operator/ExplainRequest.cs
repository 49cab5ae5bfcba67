namespace Gateway.Operator;

/// <summary>The body of <c>POST /_gateway/explain</c>: the request to decide on, which is never forwarded.</summary>
internal sealed record ExplainRequest(string? Method, string? Path, string? Host, string? Authorization);
