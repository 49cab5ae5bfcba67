using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Gateway.Bench.Baselines;

/// <summary>
/// The bounded soak of issue 5: CONNECTIONS concurrent loops for DURATION seconds against the gateway, cycling
/// valid, expired, wrong-scope and garbage tokens, checking every response's status (and the expired message).
/// It samples the gateway's resident memory after a warm-up and at the end. Exit code 1 if any response was
/// unexpected or missing, or memory grew by more than 10 %.
/// </summary>
internal static class SoakMode
{
    private const string Expired = "{\"message\":\"The incoming token has expired\"}";
    private const string Unauthorized = "{\"message\":\"Unauthorized\"}";

    public static async Task<int> RunAsync(string url, int seconds, int connections, int gatewayPid, string validFile, string expiredFile, string wrongScopeFile)
    {
        var valid = File.ReadAllLines(validFile);
        var expired = File.ReadAllLines(expiredFile);
        var wrongScope = File.ReadAllLines(wrongScopeFile);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        long sent = 0, ok = 0, unexpected = 0, failed = 0;
        var warmup = TimeSpan.FromSeconds(Math.Min(15, seconds / 4));
        var stopwatch = Stopwatch.StartNew();
        long rssAfterWarmup = 0;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(warmup);
            rssAfterWarmup = Rss(gatewayPid);
        });

        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var i = worker;
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var kind = i++ % 4;
                var token = kind switch
                {
                    0 => valid[random.Next(valid.Length)],
                    1 => expired[random.Next(expired.Length)],
                    2 => wrongScope[random.Next(wrongScope.Length)],
                    _ => "garbage." + Convert.ToBase64String(BitConverter.GetBytes(random.NextInt64())) + ".x",
                };
                Interlocked.Increment(ref sent);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var expected = kind switch
                    {
                        0 => response.StatusCode == HttpStatusCode.OK,
                        1 => response.StatusCode == HttpStatusCode.Unauthorized && body == Expired,
                        _ => response.StatusCode == HttpStatusCode.Unauthorized && body == Unauthorized,
                    };
                    Interlocked.Increment(ref expected ? ref ok : ref unexpected);
                    if (!expected && Interlocked.Read(ref unexpected) <= 5)
                    {
                        Console.Error.WriteLine($"unexpected: kind {kind} -> {(int)response.StatusCode} {body}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    if (Interlocked.Read(ref failed) <= 5)
                    {
                        Console.Error.WriteLine($"failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);
        await sampler;
        var rssEnd = Rss(gatewayPid);
        var growth = rssAfterWarmup == 0 ? 0 : (rssEnd - rssAfterWarmup) * 100.0 / rssAfterWarmup;
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {sent} requests in {elapsed:0.0} s ({sent / elapsed:0} req/s), {connections} connections; expected {ok}, unexpected {unexpected}, failed/missing {failed}; gateway RSS after warm-up {rssAfterWarmup / 1024} MB, at end {rssEnd / 1024} MB ({growth:+0.0;-0.0} %)"));
        return unexpected == 0 && failed == 0 && ok == sent && growth <= 10 ? 0 : 1;
    }

    /// <summary>Resident set size in KB, from /proc.</summary>
    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
