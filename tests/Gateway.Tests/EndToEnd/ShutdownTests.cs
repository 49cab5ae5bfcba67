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
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            [
                $"--Urls=http://127.0.0.1:{port}",
                "--LocalCognito:Enabled=false",
                "--DemoBackend:Enabled=false",
                "--Gateway:Limits:DrainTimeout=00:00:20",
                $"--ReverseProxy:Clusters:demo:Destinations:backend:Address={backend.BaseAddress}",
                "--ReverseProxy:Routes:public:Transforms:0:PathRemovePrefix=/public",
            ],
            readyMarker: $"Now listening on: http://127.0.0.1:{port}");
        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));

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

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
