using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.EndToEnd;

/// <summary>SIGTERM, as Kubernetes sends it: in-flight requests finish, new connections are refused, exit code 0.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_InFlightRequestFinishes_NewConnectionsRefused_ExitCodeZero()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var (gateway, port) = await GatewayProcess.StartReadyAsync(
            GatewayProcess.FreePort,
            port =>
            [
                $"--Urls=http://127.0.0.1:{port}",
                "--LocalCognito:Enabled=false",
                "--DemoBackend:Enabled=false",
                "--Gateway:Limits:DrainTimeout=00:00:20",
                $"--ReverseProxy:Clusters:demo:Destinations:backend:Address={backend.BaseAddress}",
                "--ReverseProxy:Routes:public:Transforms:0:PathRemovePrefix=/public",
            ],
            port => $"Now listening on: http://127.0.0.1:{port}",
            TimeSpan.FromSeconds(60));
        await using var running = gateway;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var inFlight = http.GetAsync($"http://127.0.0.1:{port}/public/slow");
        await backend.SlowStarted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, Kill(gateway.ProcessId, signal: 15));

        // The listener closes at once; bounded wait for the refusal, then let the in-flight request finish.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var refused = false;
        while (!refused && DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                refused = true;
            }
        }

        Assert.True(refused, "the gateway kept accepting connections after SIGTERM");
        Assert.False(inFlight.IsCompleted);
        backend.ReleaseSlow.TrySetResult();

        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"slow\":\"done\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SigtermWithShutdownDelay_ReadyzTurns503_RequestsStillServed()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        var keyDir = Directory.CreateTempSubdirectory("gateway-shutdown-");
        var (gateway, ports) = await GatewayProcess.StartReadyAsync(
            () => (Gateway: GatewayProcess.FreePort(), Cognito: GatewayProcess.FreePort()),
            ports =>
            [
                $"--Urls=http://127.0.0.1:{ports.Gateway}",
                $"--LocalCognito:Url=http://127.0.0.1:{ports.Cognito}",
                $"--LocalCognito:KeyFile={Path.Combine(keyDir.FullName, "keys.json")}",
                $"--Gateway:Authorizers:cognito:UserPools:0:Issuer=http://127.0.0.1:{ports.Cognito}/local_demo",
                "--DemoBackend:Enabled=false",
                "--Gateway:Limits:ShutdownDelay=00:00:30",
                $"--ReverseProxy:Clusters:demo:Destinations:backend:Address={backend.BaseAddress}",
                "--ReverseProxy:Routes:public:Transforms:0:PathRemovePrefix=/public",
            ],
            ports => "Signing keys of http://127.0.0.1:" + ports.Cognito,
            TimeSpan.FromSeconds(60));
        await using var running = gateway;
        var port = ports.Gateway;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        Assert.Equal(0, Kill(gateway.ProcessId, signal: 15));

        // Bounded wait for the stop to begin: readiness flips within the delay, traffic is still served.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode ready;
        while ((ready = (await http.GetAsync("/readyz")).StatusCode) != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/public/ok")).StatusCode);
        Assert.False(gateway.Exited.IsCompleted);
        keyDir.Delete(recursive: true);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
