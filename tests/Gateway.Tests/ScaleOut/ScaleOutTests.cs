using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.ScaleOut;

/// <summary>
/// Issue 6, "Scale out": two gateway processes behind HAProxy with one Redis. A per-client limit holds across both,
/// a token validates on both, and stopping one instance loses no request HAProxy can retry.
/// </summary>
public sealed class ScaleOutTests
{
    [ToolFact("redis-server", "haproxy")]
    public async Task PerClientLimit_HoldsAcrossBothInstances()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var token = await cluster.TokenAsync();
        using var http = new HttpClient { BaseAddress = cluster.Haproxy.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 2 * ScaleOutCluster.Burst; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled ??= response;
            }
        }

        // Round robin sent half to each instance: with a bucket each, all ten would pass. One bucket in Redis lets
        // the burst through, plus at most one refilled token if a second went by.
        var passed = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.True(passed is >= ScaleOutCluster.Burst and <= ScaleOutCluster.Burst + 1, $"{passed} passed: {string.Join(", ", statuses)}\n{cluster.Diagnostics()}");
        Assert.Equal(statuses.Count - passed, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal("{\"message\":\"Too Many Requests\"}", await throttled!.Content.ReadAsStringAsync());
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single()) >= 1);

        // Both instances took part (their request logs), so the shared bucket is what refused.
        await ScaleOutCluster.WaitForAsync(
            () => Task.FromResult(cluster.Gateways.All(g => g.Output.Contains("HTTP GET /limited", StringComparison.Ordinal))),
            "requests logged by both instances");
        Assert.All(cluster.Gateways, g => Assert.Contains("Throttling buckets are kept in Redis", g.Output));
    }

    [ToolFact("redis-server", "haproxy")]
    public async Task SameToken_ValidatesOnEachInstance()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var token = await cluster.TokenAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        foreach (var port in cluster.GatewayPorts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/hello");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            var response = await http.SendAsync(request);

            // Each instance fetched the pool's keys itself and validates on its own: nothing about tokens is shared.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/hello", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.Path);
        }

        Assert.Equal(cluster.GatewayPorts.Count, cluster.Backend.Requests);
    }

    [ToolFact("redis-server", "haproxy")]
    public async Task OneInstanceStopped_NoRequestLost()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var http = new HttpClient { BaseAddress = cluster.Haproxy.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var stopped = cluster.Gateways[0];

        const int total = 200;
        var failures = new List<string>();
        var started = DateTime.UtcNow;
        for (var i = 0; i < total; i++)
        {
            if (i == total / 2)
            {
                // SIGTERM, as Kubernetes or systemd stops an instance: its listener closes, and HAProxy retries
                // whatever it could not deliver on the other one.
                Assert.Equal(0, Kill(stopped.ProcessId, signal: 15));
            }

            try
            {
                var response = await http.GetAsync($"/public/{i}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"#{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{i}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {total} lost:\n{string.Join("\n", failures)}\n{cluster.Diagnostics()}");
        Assert.Equal(0, await stopped.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60));

        // The stopped instance had served its share before the stop.
        Assert.Contains("HTTP GET /public/0", cluster.Gateways[0].Output + cluster.Gateways[1].Output);
        Assert.Contains("HTTP GET /public/", stopped.Output);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
