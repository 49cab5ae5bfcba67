using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Deploy;

/// <summary>
/// .dockerignore rules as Docker applies them: patterns relative to the context root ("*" within a segment,
/// "**" across segments), a pattern also excludes what lies under a matched directory, "!" re-includes, and
/// the last matching rule wins.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = new();

    public static DockerIgnore Load(string path)
    {
        var ignore = new DockerIgnore();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().TrimStart('/').TrimEnd('/');
            ignore._rules.Add((new Regex("^" + ToRegex(pattern) + "(/.*)?$"), exclude));
        }

        return ignore;
    }

    public bool Excludes(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (pattern.IsMatch(relativePath))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of directories, including none.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
