using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BitFaster.Caching;
using BitFaster.Caching.Lru;

namespace Gateway.Authentication;

/// <summary>
/// API Gateway's authorizer result cache: a validated token is reused for at most the authorizer's TTL and
/// never past its <c>exp</c>; the route's scope check still runs on every request. A token refused for what
/// it is (bad signature, expired, ...) is remembered briefly so that a flood of it costs no RSA work. Keyed
/// by a hash of the token: the cache holds no usable credential. Cleared when a pool withdraws a key or the
/// configuration changes.
/// </summary>
/// <remarks>
/// BitFaster's ConcurrentLru (a 2Q-style policy, bounded, per-entry expiry), not MemoryCache: a stream of
/// never-repeated tokens passes through its cold queue without evicting the tokens in real use, where
/// MemoryCache either compacted (sorting every entry) on each insert or, as this cache did before, stopped
/// taking entries once full (then bad-signature floods were no longer remembered). Entries are also smaller
/// (no CacheEntry, no boxed key): in the load test an insert cost about 9 us and each entry about 1 KB. Under a
/// flood of new tokens it admits only tokens validated before (<see cref="Admit"/>).
/// </remarks>
internal sealed class TokenResultCache
{
    /// <summary>Entries hold only what requests need (no parsed token, no principal), a few hundred bytes each.</summary>
    internal const int Capacity = 50_000;

    /// <summary>
    /// Past this many distinct tokens validated within a minute, a token is cached only from its second
    /// validation (see <see cref="Admit"/>).
    /// </summary>
    internal const int AdmissionThreshold = Capacity / 2;

    private static readonly TimeSpan FailureTtl = TimeSpan.FromSeconds(10);

    // The doorkeeper: a Bloom filter of the tokens validated in the current window (2^20 bits, two per token,
    // taken from the hash the key already holds), cleared every minute or after SeenLimit tokens so it never
    // fills up. (ConcurrentLru's Count enumerates every entry, so the cache's size is not what is watched.)
    private const int SeenBits = 1 << 20;
    private const int SeenLimit = SeenBits / 4;
    private static readonly long Window = Stopwatch.Frequency * 60;
    private readonly long[] _seen = new long[SeenBits / 64];
    private int _seenTokens;
    private long _windowStart = Stopwatch.GetTimestamp();

    private readonly ICache<TokenCacheKey, Entry> _cache = new ConcurrentLruBuilder<TokenCacheKey, Entry>()
        .WithCapacity(Capacity)
        .WithExpireAfter(new EntryExpiry())
        .Build();

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

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

            // One hashing context per thread, reset after each use: SHA256.HashData made and freed an OpenSSL
            // context (and fetched the algorithm) on every call, which cost more than hashing the token itself.
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(buffer.AsSpan(0, length));
            sha256.GetHashAndReset(hash);

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
        if (!_cache.TryGet(key, out var entry))
        {
            return null;
        }

        // The cache's own expiry is the TTL; exp is checked here too, so that no clock granularity can stretch it.
        return entry.Value is ValidatedToken token && token.ExpiresAt <= _time.GetUtcNow() ? null : entry.Value;
    }

    public void Set(TokenCacheKey key, ValidatedToken validated, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var untilExp = validated.ExpiresAt - _time.GetUtcNow();
        var lifetime = untilExp < ttl ? untilExp : ttl;
        if (lifetime > TimeSpan.Zero && Admit(key))
        {
            _cache.AddOrUpdate(key, new Entry(validated, lifetime));
        }
    }

    public void SetFailure(TokenCacheKey key, string reason, TimeSpan ttl)
    {
        if (ttl > TimeSpan.Zero && IsCacheableFailure(reason) && Admit(key))
        {
            _cache.AddOrUpdate(key, new Entry(CachedFailure.For(reason), ttl < FailureTtl ? ttl : FailureTtl));
        }
    }

    /// <summary>Drops every entry: keys were withdrawn or the configuration that validated them was replaced.</summary>
    public void Clear() => _cache.Clear();

    internal int Count => _cache.Count;

    /// <summary>
    /// Whether a just-validated token's result goes into the cache: for the first <see cref="AdmissionThreshold"/>
    /// distinct tokens validated within a minute, always (API Gateway's behaviour); past that, only a token
    /// validated before in the window (TinyLFU's doorkeeper). A flood of never-repeated tokens then costs no
    /// cache entries, which lived just long enough to be promoted through every GC generation and died there (in
    /// the unique-token load test about 60 CPU-us per request more than stock JwtBearer, and the peak memory),
    /// while a token in real use is still cached from its second request.
    /// </summary>
    private bool Admit(TokenCacheKey key)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - Volatile.Read(ref _windowStart) > Window || Volatile.Read(ref _seenTokens) >= SeenLimit)
        {
            // Races only cost a token one more validation or one early admission.
            Volatile.Write(ref _windowStart, now);
            Array.Clear(_seen);
            Volatile.Write(ref _seenTokens, 0);
        }

        var first = (int)(key.Hash & (SeenBits - 1));
        var second = (int)((key.Hash >> 64) & (SeenBits - 1));
        if (IsSeen(first) && IsSeen(second))
        {
            return true;
        }

        Interlocked.Or(ref _seen[first >> 6], 1L << (first & 63));
        Interlocked.Or(ref _seen[second >> 6], 1L << (second & 63));
        return Interlocked.Increment(ref _seenTokens) <= AdmissionThreshold;
    }

    private bool IsSeen(int bit) => (Volatile.Read(ref _seen[bit >> 6]) & (1L << (bit & 63))) != 0;

    private readonly record struct Entry(object Value, TimeSpan Lifetime);

    /// <summary>Each entry lives for its own lifetime from when it was written; reading it does not extend it.</summary>
    private sealed class EntryExpiry : IExpiryCalculator<TokenCacheKey, Entry>
    {
        public Duration GetExpireAfterCreate(TokenCacheKey key, Entry value) => Duration.FromTimeSpan(value.Lifetime);

        public Duration GetExpireAfterRead(TokenCacheKey key, Entry value, Duration current) => current;

        public Duration GetExpireAfterUpdate(TokenCacheKey key, Entry value, Duration current) => Duration.FromTimeSpan(value.Lifetime);
    }
}
