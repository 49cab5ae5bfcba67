using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>Edits a JSON configuration by configuration key ("Gateway:Authorizers:main:ClockSkew").</summary>
public static class JsonConfig
{
    public static JsonObject Set(this JsonObject root, string key, JsonNode? value)
    {
        var parts = key.Split(':');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
        return root;
    }

    public static JsonObject RemoveKey(this JsonObject root, string key)
    {
        var parts = key.Split(':');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = (JsonObject)node[part]!;
        }

        node.Remove(parts[^1]);
        return root;
    }

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
