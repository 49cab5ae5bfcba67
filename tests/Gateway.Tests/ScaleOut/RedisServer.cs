using Gateway.Tests.EndToEnd;

namespace Gateway.Tests.ScaleOut;

/// <summary>A throwaway redis-server on 127.0.0.1 at a free port: no persistence, its files in a temp directory.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private ExternalProcess? _process;

    private RedisServer(int port, DirectoryInfo directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public string Output => _process?.Output ?? "";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(GatewayProcess.FreePort(), Directory.CreateTempSubdirectory("gateway-redis-"));
        await server.RestartAsync();
        return server;
    }

    /// <summary>Kills the server (an outage, not a clean shutdown); <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _process = ExternalProcess.Start(
            "redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory.FullName],
            _directory.FullName);
        await _process.WaitListeningAsync(Port, TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Delete(recursive: true);
    }
}
