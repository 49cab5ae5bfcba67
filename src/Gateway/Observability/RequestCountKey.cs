namespace Gateway.Observability;

/// <summary>The tag set of a <c>gateway.requests</c> series.</summary>
internal readonly record struct RequestCountKey(string Route, string Status, string Decision, string Reason);
