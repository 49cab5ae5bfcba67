using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/k6/gateway.js cannot be run here (k6 is not installable), so it is checked as far as possible without
/// it: node parses it as the ES module k6 loads, and it keeps the shape the README promises (token in setup(),
/// fixed arrival rate, thresholds, status check) with loopback defaults.
/// </summary>
public sealed partial class K6ScriptTests
{
    private const string ScriptPath = "deploy/k6/gateway.js";

    private static string Script => DeployFiles.Read(ScriptPath);

    [NodeFact]
    public async Task Script_ParsesAsEsModule()
    {
        // node decides ESM vs CommonJS by extension; k6 scripts are ES modules, so check a .mjs copy.
        var directory = Directory.CreateTempSubdirectory("k6-check-");
        try
        {
            var copy = Path.Combine(directory.FullName, "gateway.mjs");
            File.Copy(DeployFiles.PathOf(ScriptPath), copy);
            var info = new ProcessStartInfo(NodeFactAttribute.NodePath!, ["--check", copy])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var node = Process.Start(info)!;
            var stderr = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw;
            }

            Assert.True(node.ExitCode == 0, $"node --check {ScriptPath} failed:\n{await stderr}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Script_FetchesTokenInSetupWithClientCredentials()
    {
        var script = Script;
        Assert.Contains("export function setup()", script);
        Assert.Contains("grant_type: 'client_credentials'", script);
        Assert.Contains("Authorization: `Basic ${encoding.b64encode(", script);
        Assert.Contains("return { token:", script);
        Assert.Contains("export default function (data)", script);
        Assert.Contains("Authorization: `Bearer ${data.token}`", script);
    }

    [Fact]
    public void Script_RunsConstantArrivalRateWithThresholdsAndStatusCheck()
    {
        var script = Script;
        Assert.Contains("executor: 'constant-arrival-rate'", script);
        Assert.Contains("'http_req_failed{name:protected}': ['rate<0.01']", script);
        Assert.Contains("'http_req_duration{name:protected}': [`p(99)<${P99_MS}`]", script);
        Assert.Contains("r.status === EXPECTED_STATUS", script);
    }

    [Fact]
    public void Script_DefaultsTargetLoopbackOnly()
    {
        // Run as committed, the script must never send load anywhere but this machine.
        var defaults = DefaultUrlRegex().Matches(Script).Select(m => new Uri(m.Groups["url"].Value)).ToList();
        Assert.Equal(2, defaults.Count);
        Assert.All(defaults, url => Assert.True(DeployFiles.IsLoopback(url.Host), $"{url} is not a loopback address"));
    }

    [GeneratedRegex(@"__ENV\.\w+_URL \|\| '(?<url>[^']+)'")]
    private static partial Regex DefaultUrlRegex();
}
