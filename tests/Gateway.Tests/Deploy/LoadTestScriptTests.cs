using System.Diagnostics;

namespace Gateway.Tests.Deploy;

/// <summary>
/// The load-test scripts under deploy/loadtest load the machine for minutes and are not run here; bash parses
/// each one (a syntax error would otherwise only show when someone next measures) and each is executable.
/// </summary>
public sealed class LoadTestScriptTests
{
    public static TheoryData<string> Scripts() => new(ScriptNames());

    [Fact]
    public void TheScriptsAreFound()
    {
        Assert.Contains("run.sh", ScriptNames());
        Assert.Contains("latency.sh", ScriptNames());
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_ParsesAndIsExecutable(string name)
    {
        var path = Path.Combine(DeployFiles.DeployDirectory, "loadtest", name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{name} is not executable");
        }

        var info = new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true, UseShellExecute = false };
        using var bash = Process.Start(info)!;
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bash.WaitForExitAsync(timeout.Token);

        Assert.True(bash.ExitCode == 0, $"bash -n {name} failed:\n{await stderr}");
    }

    /// <summary>p99.sh only reads reports, so it runs here on a small one: the per-round ratios and their median.</summary>
    [Fact]
    public async Task P99_PoolsTheRoundsOfReports()
    {
        var directory = Directory.CreateTempSubdirectory("p99-");
        try
        {
            // Two reports' per-round tables (round, target, mix, RPS, p50, p99, ...); other mixes and targets ignored.
            var first = Path.Combine(directory.FullName, "20260101T000000Z.md");
            await File.WriteAllTextAsync(first, """
                | round | target | mix | RPS | p50 ms | p99 ms | non-2xx |
                |---|---|---|---:|---:|---:|---:|
                | 1 | yarp | reused | 20000 | 1.40 | 3.00 | 0 |
                | 1 | gateway | reused | 20000 | 1.40 | 3.30 | 0 |
                | 1 | nolog | reused | 20000 | 1.40 | 3.00 | 0 |
                | 1 | gateway | distinct | 20000 | 1.40 | 9.00 | 0 |
                | 2 | yarp | reused | 20000 | 1.40 | 2.00 | 0 |
                | 2 | gateway | reused | 20000 | 1.40 | 3.00 | 0 |
                """);
            var second = Path.Combine(directory.FullName, "20260102T000000Z.md");
            await File.WriteAllTextAsync(second, """
                | 1 | yarp | reused | 20000 | 1.40 | 4.00 | 0 |
                | 1 | stock | reused | 9000 | 3.00 | 8.00 | 0 |
                | 1 | gateway | reused | 20000 | 1.40 | 4.80 | 0 |
                """);

            var output = await RunAsync("p99.sh", first, second);

            Assert.Contains("gateway / plain YARP         rounds   3   median 1.20   quartiles 1.15 - 1.35", output);
            Assert.Contains("no request log / plain YARP  rounds   1   median 1.00", output);
            Assert.Contains("gateway / no request log     rounds   1   median 1.10", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>tail.sh --summary only reads a results file: per target the medians and the per-round ratios to the first.</summary>
    [Fact]
    public async Task Tail_SummarizesTheRoundsAgainstTheFirstTarget()
    {
        var file = Path.GetTempFileName();
        try
        {
            // Round 2 runs the targets in reverse order, as the script does; the header line is not a row.
            await File.WriteAllTextAsync(file, """
                # tail.sh, test
                1 yarp PCT rps=20000 p50=1.40 p90=2.00 p99=3.00 p99.9=8.00 max=10.00 errors=0
                1 gateway PCT rps=19000 p50=1.40 p90=2.00 p99=3.30 p99.9=8.00 max=10.00 errors=0
                2 gateway PCT rps=20000 p50=1.40 p90=2.00 p99=3.66 p99.9=8.00 max=10.00 errors=2
                2 yarp PCT rps=20000 p50=1.40 p90=2.00 p99=3.00 p99.9=8.00 max=10.00 errors=0
                3 yarp PCT rps=20000 p50=1.40 p90=2.00 p99=3.00 p99.9=8.00 max=10.00 errors=0
                3 gateway PCT rps=21000 p50=1.40 p90=2.00 p99=4.80 p99.9=8.00 max=10.00 errors=0
                """);

            var output = await RunAsync("tail.sh", "--summary", file);

            Assert.Matches(@"\nyarp +3 +20000 +1\.40 +3\.00 +8\.00 \| +1\.000 +1\.000 +1\.000 +1\.000 \| 1\.00 - 1\.00\n", output);
            Assert.Matches(@"\ngateway +3 +20000 +1\.40 +3\.66 +8\.00 \| +1\.000 +1\.000 +1\.220 +1\.000 \| 1\.16 - 1\.41   \(2 errors\)\n", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(DeployFiles.DeployDirectory, "loadtest", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(info)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bash.WaitForExitAsync(timeout.Token);
        Assert.True(bash.ExitCode == 0, $"{script} failed:\n{await stderr}");
        return await stdout;
    }

    private static string[] ScriptNames() =>
        Directory.GetFiles(Path.Combine(DeployFiles.DeployDirectory, "loadtest"), "*.sh")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
