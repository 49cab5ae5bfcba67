using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Authentication;

/// <summary>
/// API Gateway's authorizer result cache: a validated token is reused for at most the authorizer's TTL and
/// never past its <c>exp</c>. Keyed by a hash of the token, so the cache holds no usable credential. Only
/// successes are cached; the route's scope check still runs on every request.
/// </summary>
internal sealed class TokenResultCache : IDisposable
{
    private const int MaxEntries = 100_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly TimeProvider _time;

    public TokenResultCache(TimeProvider time)
    {
        _time = time;
    }

    public bool TryGet(string authorizer, string token, out ValidatedToken? validated)
    {
        if (_cache.TryGetValue(new Key(authorizer, Hash(token)), out validated) && validated!.ExpiresAt > _time.GetUtcNow())
        {
            return true;
        }

        validated = null;
        return false;
    }

    public void Set(string authorizer, string token, ValidatedToken validated, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var expires = _time.GetUtcNow() + ttl;
        if (validated.ExpiresAt < expires)
        {
            expires = validated.ExpiresAt;
        }

        using var entry = _cache.CreateEntry(new Key(authorizer, Hash(token)));
        entry.Value = validated;
        entry.Size = 1;
        entry.AbsoluteExpiration = expires;
    }

    /// <summary>Drops every entry: the configuration that validated them was replaced.</summary>
    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();

    private static UInt128 Hash(string token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(token.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);

            // 128 bits of SHA-256: finding a token that collides with a cached one is a second-preimage problem.
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Key(string Authorizer, UInt128 Hash);
}
