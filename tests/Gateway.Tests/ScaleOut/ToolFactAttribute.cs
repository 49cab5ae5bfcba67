namespace Gateway.Tests.ScaleOut;

/// <summary>
/// A fact that needs programs installed from apt (redis-server, haproxy); reported as skipped, not passed, on a
/// machine without them. <c>.ci/run</c> installs them, so CI runs these tests.
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    // apt puts haproxy in /usr/sbin, which is not on every PATH.
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"];

    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(tool => Find(tool) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not installed (apt-get install -y redis-server haproxy; .ci/run does)";
        }
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
