namespace Gateway.Tests.Deploy;

/// <summary>A fact that needs node on PATH; reported as skipped, not passed, on a machine without it.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodePath is null)
        {
            Skip = "node is not on PATH";
        }
    }

    public static string? NodePath { get; } = Find();

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
}
