namespace Gateway.LocalCognito.Pool;

/// <summary>Immutable snapshot of a configured user.</summary>
internal sealed record PoolUser(string Username, string Password, string? Email, IReadOnlyList<string> Groups, string Sub);
