using System.Text.RegularExpressions;

namespace Gateway.Tests.Deploy;

/// <summary>One instruction of a Dockerfile: keyword and the rest, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>One build stage: FROM image, optional name, and its instructions.</summary>
internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => string.Equals(i.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    public DockerInstruction? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>ENV values of the stage, both "ENV A=b C=d" and the legacy "ENV A b" form.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in All("ENV"))
        {
            if (!instruction.Arguments.Contains('=', StringComparison.Ordinal))
            {
                var parts = instruction.Arguments.Split(' ', 2, StringSplitOptions.TrimEntries);
                env[parts[0]] = parts.Length > 1 ? parts[1] : "";
                continue;
            }

            foreach (var pair in instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                env[pair[..eq]] = pair[(eq + 1)..].Trim('"');
            }
        }

        return env;
    }
}

/// <summary>A line-based Dockerfile reader: enough to check what the image does, not a full BuildKit parser.</summary>
internal static partial class Dockerfile
{
    public static (IReadOnlyDictionary<string, string> GlobalArgs, IReadOnlyList<DockerStage> Stages) Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1].TrimEnd() + " ";
                i++;
                var next = lines[i].Trim();
                if (!next.StartsWith('#'))
                {
                    line += next;
                }
            }

            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            instructions.Add(new DockerInstruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : "", start));
        }

        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? image = null, name = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image!, name, current));
                }

                var match = FromRegex().Match(instruction.Arguments);
                Assert.True(match.Success, $"line {instruction.Line}: FROM {instruction.Arguments}");
                image = Expand(match.Groups["image"].Value, globalArgs);
                name = match.Groups["name"].Success ? match.Groups["name"].Value : null;
                current = new List<DockerInstruction>();
            }
            else if (current is null)
            {
                Assert.Equal("ARG", instruction.Keyword);
                var eq = instruction.Arguments.IndexOf('=', StringComparison.Ordinal);
                globalArgs[eq < 0 ? instruction.Arguments : instruction.Arguments[..eq]] = eq < 0 ? "" : instruction.Arguments[(eq + 1)..];
            }
            else
            {
                current.Add(instruction);
            }
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(image!, name, current));
        }

        return (globalArgs, stages);
    }

    /// <summary>The exec-form argument list of CMD/ENTRYPOINT/HEALTHCHECK CMD, e.g. ["dotnet", "Gateway.dll"].</summary>
    public static IReadOnlyList<string> ExecForm(string arguments)
    {
        var open = arguments.IndexOf('[', StringComparison.Ordinal);
        Assert.True(open >= 0, $"not in exec form: {arguments}");
        return System.Text.Json.JsonSerializer.Deserialize<string[]>(arguments[open..])!;
    }

    private static string Expand(string value, IReadOnlyDictionary<string, string> args) =>
        ArgRegex().Replace(value, m => args.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"^(?:--platform=\S+\s+)?(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromRegex();

    [GeneratedRegex(@"\$\{?(\w+)\}?")]
    private static partial Regex ArgRegex();
}
