namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>A fresh directory per test for key files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("local-cognito-tests-").FullName;
    }

    public string Path { get; }

    public string KeyFile => System.IO.Path.Combine(Path, "keys", "local-cognito-keys.json");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
