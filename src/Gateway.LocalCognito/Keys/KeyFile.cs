using System.Security.Cryptography;
using System.Text.Json;

namespace Gateway.LocalCognito.Keys;

/// <summary>
/// Reads and writes the key file. A corrupt file is an error, never silently replaced: replacing it would
/// invalidate every token already handed out and hide the cause.
/// </summary>
internal static class KeyFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static KeyRing Read(string path)
    {
        KeyFileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalCognitoJsonContext.Default.KeyFileDocument);
        }
        catch (JsonException)
        {
            throw Unusable(path, "it is not valid JSON");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(path, $"it cannot be read ({e.GetType().Name})");
        }

        if (document?.Keys is not { Count: >= 2 } entries)
        {
            throw Unusable(path, "it must contain {\"keys\":[...]} with two keys");
        }

        return new KeyRing(ParseKey(path, entries, 0), ParseKey(path, entries, 1));
    }

    public static void Write(string path, KeyRing ring)
    {
        var document = new KeyFileDocument(ring.Published.Select(k => new KeyFileEntry(k.ExportPem())).ToArray());
        var directory = Path.GetDirectoryName(path)!;
        var temporary = path + ".tmp";
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(document, LocalCognitoJsonContext.Default.KeyFileDocument));
        }
        else
        {
            // Private keys: owner-only from the moment the file exists, then moved into place atomically
            // so a crash never leaves a half-written key file behind.
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            var createOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile };
            using (var stream = new FileStream(temporary, createOptions))
            {
                JsonSerializer.Serialize(stream, document, LocalCognitoJsonContext.Default.KeyFileDocument);
            }

            File.SetUnixFileMode(temporary, OwnerOnlyFile);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static SigningKey ParseKey(string path, IReadOnlyList<KeyFileEntry> entries, int index)
    {
        try
        {
            return SigningKey.FromPem(entries[index]?.PrivateKeyPem ?? "");
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // The exception text is not included: it could quote parts of the key.
            throw Unusable(path, $"keys[{index}] is not an RSA private key of at least 2048 bits in PEM form");
        }
    }

    private static LocalCognitoConfigurationException Unusable(string path, string reason) =>
        new([$"LocalCognito:KeyFile '{path}' is unusable: {reason}. Fix it, or delete it to generate new keys (tokens signed by the old keys will then stop validating)."]);
}
