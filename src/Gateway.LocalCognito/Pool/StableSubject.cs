using System.Security.Cryptography;
using System.Text;

namespace Gateway.LocalCognito.Pool;

/// <summary>
/// Cognito's sub is a GUID fixed at user creation. Deriving it from the username keeps it stable across
/// restarts without storing users, so data a backend keys by sub survives a restart of the local service.
/// </summary>
internal static class StableSubject
{
    public static string For(string username)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(username.ToLowerInvariant()), hash);
        var bytes = hash[..16];

        // Mark it as an RFC 9562 name-based (version 5 style) GUID so it looks like any other UUID.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
