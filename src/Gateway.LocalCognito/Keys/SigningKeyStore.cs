using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.Keys;

/// <summary>Owns the key ring: loads or creates it at start, rotates it on demand and persists every change.</summary>
internal sealed class SigningKeyStore
{
    private readonly string path;
    private readonly ILogger logger;
    private readonly Lock rotation = new();
    private volatile KeyRing ring;

    private SigningKeyStore(string path, KeyRing ring, ILogger logger)
    {
        this.path = path;
        this.ring = ring;
        this.logger = logger;
    }

    public SigningKey Active => ring.Active;

    public IReadOnlyList<SigningKey> Published => ring.Published;

    public static SigningKeyStore OpenOrCreate(string configuredPath, ILogger logger)
    {
        var path = Path.GetFullPath(configuredPath);
        if (File.Exists(path))
        {
            var loaded = KeyFile.Read(path);
            Log.KeysLoaded(logger, path, loaded.Active.Kid);
            return new SigningKeyStore(path, loaded, logger);
        }

        var created = new KeyRing(SigningKey.Generate(), SigningKey.Generate());
        KeyFile.Write(path, created);
        Log.KeysGenerated(logger, path, created.Active.Kid);
        return new SigningKeyStore(path, created, logger);
    }

    /// <summary>New active key; the old active one stays published so tokens it signed still validate.</summary>
    public SigningKey Rotate()
    {
        lock (rotation)
        {
            var next = new KeyRing(SigningKey.Generate(), ring.Active);
            KeyFile.Write(path, next);
            ring = next;
            Log.KeyRotated(logger, next.Active.Kid, next.Previous.Kid);
            return next.Active;
        }
    }
}
