namespace Gateway.Authentication;

/// <summary>An authorizer and 128 bits of the SHA-256 of a token: where its result is cached.</summary>
internal readonly record struct TokenCacheKey(string Authorizer, UInt128 Hash);
