using System.Globalization;

namespace Gateway.Bench.Baselines;

/// <summary>Every process of the benchmark listens on loopback only: the load test must never leave the machine.</summary>
internal static class Listen
{
    public static string Parse(string port)
    {
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            throw new FormatException($"'{port}' is not a TCP port.");
        }

        return $"http://127.0.0.1:{value}";
    }

    /// <summary>Runs until SIGTERM or Ctrl+C, which is how run.sh stops its processes.</summary>
    public static async Task<int> UntilStoppedAsync(WebApplication app)
    {
        await app.RunAsync();
        return 0;
    }
}
