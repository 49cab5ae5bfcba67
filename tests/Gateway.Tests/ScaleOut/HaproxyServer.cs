using Gateway.Tests.EndToEnd;

namespace Gateway.Tests.ScaleOut;

/// <summary>
/// HAProxy on 127.0.0.1 in front of gateway instances, configured as the README recommends: round robin, health
/// checks on /healthz, and retries on another instance for requests an instance never answered.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly ExternalProcess _process;

    private HaproxyServer(int port, DirectoryInfo directory, ExternalProcess process)
    {
        Port = port;
        _directory = directory;
        _process = process;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Output => _process.Output;

    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<int> gatewayPorts)
    {
        var port = GatewayProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("gateway-haproxy-");
        var config = Path.Combine(directory.FullName, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(port, gatewayPorts));

        // -db: stay in the foreground, log to stderr (kept in Output).
        var process = ExternalProcess.Start("haproxy", ["-db", "-f", config], directory.FullName);
        var haproxy = new HaproxyServer(port, directory, process);
        try
        {
            await process.WaitListeningAsync(port, TimeSpan.FromSeconds(15));
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }

        return haproxy;
    }

    // retry-on: only failures where no instance answered (refused connection, connection closed without a
    // response, no answer in time) are retried, each time on another instance (redispatch 1). An answer, even a
    // 5xx, is the client's. Safe for GET; a non-idempotent request is a deployment's own decision.
    internal static string Config(int port, IReadOnlyList<int> gatewayPorts) => $$"""
        global
            maxconn 256

        defaults
            mode http
            timeout connect 1s
            timeout client 30s
            timeout server 30s
            timeout check 1s
            retries 3
            option redispatch 1
            retry-on conn-failure empty-response response-timeout

        frontend gateway
            bind 127.0.0.1:{{port}}
            default_backend gateways

        backend gateways
            balance roundrobin
            option httpchk GET /healthz
            http-check expect status 200
        {{string.Join("\n", gatewayPorts.Select((p, i) => $"    server gw{i} 127.0.0.1:{p} check inter 500ms fall 2 rise 1"))}}

        """;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
