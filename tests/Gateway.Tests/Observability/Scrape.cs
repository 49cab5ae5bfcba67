using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Observability;

public static class Scrape
{
    /// <summary>
    /// The Prometheus text once it satisfies <paramref name="ready"/>: a request's metrics are recorded as its
    /// pipeline unwinds, just after the client has the response, and the exporter may answer from a short cache.
    /// </summary>
    public static async Task<string> MetricsAsync(this GatewayHost gateway, Func<string, bool> ready, string path = "/metrics")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var response = await gateway.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (ready(text))
            {
                return text;
            }

            if (DateTime.UtcNow > deadline)
            {
                var own = text.Split('\n').Where(l => l.StartsWith("gateway_", StringComparison.Ordinal) && !l.Contains("_bucket{", StringComparison.Ordinal));
                Assert.Fail($"The scrape never showed what was expected; the gateway's series in the last one:{Environment.NewLine}{string.Join(Environment.NewLine, own)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The value of the series whose name is <paramref name="name"/> and whose labels include all of <paramref name="labels"/>, summed; 0 if absent.</summary>
    public static double Value(string text, string name, params string[] labels)
    {
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
