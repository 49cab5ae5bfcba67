using System.Security.Cryptography;

namespace Gateway.Hosting;

/// <summary>
/// Random (version 4) UUIDs for <c>x-amzn-RequestId</c>, as <see cref="Guid.NewGuid"/> makes them, from a
/// per-thread batch of cryptographically secure random bytes. <c>Guid.NewGuid</c> asks the kernel for 16
/// bytes every time (glibc's arc4random is a getrandom system call per call): in the load-test profile that
/// was a system call per request. Here it is one per 64 requests; the bytes are as unpredictable, and each
/// is used once.
/// </summary>
internal static class RequestIds
{
    private const int Size = 16;
    private const int Batch = 64;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    public static string Next()
    {
        var random = t_random ??= new byte[Size * Batch];
        var offset = t_next;
        if (offset == 0)
        {
            RandomNumberGenerator.Fill(random);
        }

        t_next = offset + Size == random.Length ? 0 : offset + Size;

        Span<byte> bytes = stackalloc byte[Size];
        random.AsSpan(offset, Size).CopyTo(bytes);

        // RFC 9562: version 4 in the high nibble of the time_hi field (byte 7 in Guid's little-endian layout),
        // variant 10 in the top bits of byte 8, as Guid.NewGuid sets them.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
