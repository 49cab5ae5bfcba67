using System.Security.Claims;

namespace Gateway.Bench.Micro;

/// <summary>The fields of the gateway's ValidatedToken that the per-request path reads.</summary>
internal sealed record CachedToken(ClaimsPrincipal Principal, HashSet<string> Scopes, DateTimeOffset ExpiresAt, KeyValuePair<string, string>[] ClaimHeaders);
