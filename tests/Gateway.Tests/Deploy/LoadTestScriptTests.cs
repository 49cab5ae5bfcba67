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

    private static string[] ScriptNames() =>
        Directory.GetFiles(Path.Combine(DeployFiles.DeployDirectory, "loadtest"), "*.sh")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
