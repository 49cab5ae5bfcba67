using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Bench.Micro;

/// <summary>
/// A faithful copy of the lookup in src/Gateway/Authentication/TokenResultCache.cs (internal to the gateway):
/// SHA-256 of the token's UTF-8 bytes, the first 128 bits as the key with the authorizer name, a MemoryCache with
/// a size limit, and the entry's own expiry checked against the clock. Keep it in step when that file changes.
/// </summary>
internal sealed class ReplicatedResultCache : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly TimeProvider _time = TimeProvider.System;

    public bool TryGet(string authorizer, string token, out CachedToken? validated)
    {
        if (_cache.TryGetValue(new Key(authorizer, Hash(token)), out validated) && validated!.ExpiresAt > _time.GetUtcNow())
        {
            return true;
        }

        validated = null;
        return false;
    }

    /// <summary>The same lookup hashing the header's span: no token string is allocated (a suggestion, not the gateway's code).</summary>
    public bool TryGet(string authorizer, ReadOnlySpan<char> token, out CachedToken? validated)
    {
        Span<byte> utf8 = token.Length <= 4096 ? stackalloc byte[token.Length * 3] : new byte[token.Length * 3];
        var length = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        var key = new Key(authorizer, System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash));
        if (_cache.TryGetValue(key, out validated) && validated!.ExpiresAt > _time.GetUtcNow())
        {
            return true;
        }

        validated = null;
        return false;
    }

    public void Set(string authorizer, string token, CachedToken validated)
    {
        using var entry = _cache.CreateEntry(new Key(authorizer, Hash(token)));
        entry.Value = validated;
        entry.Size = 1;
        entry.AbsoluteExpiration = validated.ExpiresAt;
    }

    public void Dispose() => _cache.Dispose();

    private static UInt128 Hash(string token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(token.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Key(string Authorizer, UInt128 Hash);
}
