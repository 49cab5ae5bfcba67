using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Deploy;

/// <summary>Reads the files under deploy/ (and the repository files they refer to) as data for the tests.</summary>
internal static partial class DeployFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string DeployDirectory => Path.Combine(RepositoryRoot, "deploy");

    public static string PathOf(string relativeToRepository) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, relativeToRepository.Replace('/', Path.DirectorySeparatorChar)));

    public static string Read(string relativeToRepository) => File.ReadAllText(PathOf(relativeToRepository));

    public static JsonObject ReadJson(string relativeToRepository) =>
        JsonNode.Parse(Read(relativeToRepository))!.AsObject();

    /// <summary>Every document of a YAML file, as JSON nodes (plain scalars typed as YAML 1.2's core schema types them).</summary>
    public static IReadOnlyList<JsonObject> ReadYaml(string relativeToRepository)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(Read(relativeToRepository)))
        {
            stream.Load(reader);
        }

        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static IEnumerable<string> KubernetesFiles() =>
        Directory.EnumerateFiles(Path.Combine(DeployDirectory, "kubernetes"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(DeployDirectory, "kubernetes"), "*.yml", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepositoryRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Host and port of an ASP.NET Core listen URL such as "http://+:8080" (Uri refuses the "+" host); a list of
    /// several URLs fails the test, since each deployment file assumes one port.
    /// </summary>
    public static (string Host, int Port) ParseListenUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(first);
        var match = ListenUrlRegex().Match(first[0]);
        Assert.True(match.Success, $"'{urls}' is not a listen URL such as http://+:8080");
        return (match.Groups["host"].Value, int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
    }

    public static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>The string at a configuration key path ("LocalCognito:Url"), or null.</summary>
    public static string? Get(JsonNode root, string key)
    {
        JsonNode? node = root;
        foreach (var part in key.Split(':'))
        {
            node = node switch
            {
                JsonObject o => o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value,
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    /// <summary>
    /// Applies environment variables the way ASP.NET Core's configuration does ("__" separates keys) on top of
    /// a JSON configuration, so that the result can be validated as the container would see it.
    /// </summary>
    public static JsonObject WithEnvironment(JsonObject config, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var result = config.DeepClone().AsObject();
        foreach (var (name, value) in environment)
        {
            var parts = name.Split("__");
            JsonNode node = result;
            for (var i = 0; i < parts.Length; i++)
            {
                var last = i == parts.Length - 1;
                if (node is JsonArray array && int.TryParse(parts[i], out var index))
                {
                    while (array.Count <= index)
                    {
                        array.Add(new JsonObject());
                    }

                    if (last)
                    {
                        array[index] = JsonValue.Create(value);
                    }
                    else
                    {
                        node = array[index]!;
                    }

                    continue;
                }

                var obj = node.AsObject();
                var key = obj.FirstOrDefault(p => string.Equals(p.Key, parts[i], StringComparison.OrdinalIgnoreCase)).Key ?? parts[i];
                if (last)
                {
                    obj[key] = JsonValue.Create(value);
                }
                else
                {
                    if (obj[key] is null)
                    {
                        obj[key] = new JsonObject();
                    }

                    node = obj[key]!;
                }
            }
        }

        return result;
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value!] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(ToJson).ToArray());
            case YamlScalarNode scalar:
                var text = scalar.Value;
                if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
                {
                    return JsonValue.Create(text);
                }

                if (text is null or "" or "~" or "null")
                {
                    return null;
                }

                if (text is "true" or "false")
                {
                    return JsonValue.Create(text == "true");
                }

                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                return JsonValue.Create(text);
            default:
                throw new InvalidOperationException($"Unsupported YAML node {node.NodeType}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")) && Directory.Exists(Path.Combine(dir.FullName, "deploy")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (Gateway.sln and deploy/) above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^https?://(?<host>\[[^\]]+\]|[^:/]+):(?<port>\d+)/?$")]
    private static partial Regex ListenUrlRegex();
}
