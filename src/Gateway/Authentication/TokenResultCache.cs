using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Authentication;

/// <summary>
/// API Gateway's authorizer result cache: a validated token is reused for at most the authorizer's TTL and
/// never past its <c>exp</c>; the route's scope check still runs on every request. A token refused for what
/// it is (bad signature, expired, ...) is remembered briefly so that a flood of it costs no RSA work. Keyed
/// by a hash of the token: the cache holds no usable credential. Cleared when a pool withdraws a key or the
/// configuration changes.
/// </summary>
internal sealed class TokenResultCache : IDisposable
{
    /// <summary>Entries hold only what requests need (no parsed token), a few hundred bytes each.</summary>
    private const int MaxEntries = 50_000;

    // No SizeLimit on the MemoryCache: when full it compacts (sorting every entry) on each insert, which under a
    // stream of never-repeated tokens ran all the time. A full cache takes no new entries until some expire.

    private static readonly TimeSpan FailureTtl = TimeSpan.FromSeconds(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.FromSeconds(30) });
    private readonly TimeProvider _time;

    public TokenResultCache(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>
    /// Failures that depend only on the token and the pool's current keys. Not an unknown kid (the keys may be
    /// rotating), not a token that is not valid yet, and nothing about the keys being unavailable.
    /// </summary>
    public static bool IsCacheableFailure(string reason) => reason is
        ReasonCodes.Malformed or ReasonCodes.BadSignature or ReasonCodes.BadAlgorithm or ReasonCodes.WrongIssuer
        or ReasonCodes.Expired or ReasonCodes.MissingExp or ReasonCodes.InvalidToken or ReasonCodes.WrongTokenUse
        or ReasonCodes.ClientNotAllowed;

    public TokenCacheKey KeyFor(string authorizer, ReadOnlySpan<char> token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(token.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);

            // 128 bits of SHA-256: finding a token that collides with a cached one is a second-preimage problem.
            return new TokenCacheKey(authorizer, BinaryPrimitives.ReadUInt128LittleEndian(hash));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A cached success (<see cref="ValidatedToken"/>) or failure (<see cref="CachedFailure"/>).</summary>
    public object? Find(TokenCacheKey key)
    {
        if (!_cache.TryGetValue(key, out var value))
        {
            return null;
        }

        return value is ValidatedToken token && token.ExpiresAt <= _time.GetUtcNow() ? null : value;
    }

    public void Set(TokenCacheKey key, ValidatedToken validated, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var expires = _time.GetUtcNow() + ttl;
        Add(key, validated, validated.ExpiresAt < expires ? validated.ExpiresAt : expires);
    }

    public void SetFailure(TokenCacheKey key, string reason, TimeSpan ttl)
    {
        if (ttl > TimeSpan.Zero && IsCacheableFailure(reason))
        {
            Add(key, CachedFailure.For(reason), _time.GetUtcNow() + (ttl < FailureTtl ? ttl : FailureTtl));
        }
    }

    /// <summary>Drops every entry: keys were withdrawn or the configuration that validated them was replaced.</summary>
    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();

    private void Add(TokenCacheKey key, object value, DateTimeOffset expires)
    {
        // Only on a miss, after an RS256 check: the count costs little by comparison.
        if (_cache.Count >= MaxEntries)
        {
            return;
        }

        using var entry = _cache.CreateEntry(key);
        entry.Value = value;
        entry.AbsoluteExpiration = expires;
    }
}
