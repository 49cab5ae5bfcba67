using System.Diagnostics;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The README's first command, <c>dotnet run --project src/Gateway</c>, must read the root appsettings.json: dotnet
/// run starts an app in its project folder unless the project says otherwise (it once started silently on
/// port 5000 with no configuration at all).
/// </summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task DotnetRun_StartsInTheRepositoryRoot()
    {
        var root = GatewayProcess.RepositoryRoot();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "msbuild", Path.Combine("src", "Gateway", "Gateway.csproj"), "-getProperty:RunWorkingDirectory", "-nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Path.TrimEndingDirectorySeparator(root), Path.TrimEndingDirectorySeparator(output.Trim()));
        Assert.True(File.Exists(Path.Combine(output.Trim(), "appsettings.json")));
    }
}
