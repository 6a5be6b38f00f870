using System.Globalization;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;

namespace AccessBroker.KubeSim.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var result = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw KubeApiException.BadRequest("the server rejected our request due to an error in our request: invalid JSON patch operation");
            }
            switch (name)
            {
                case "add":
                    Add(result, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(result, path);
                    break;
                case "replace":
                    Remove(result, path);
                    Add(result, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Resolve(result, From(op));
                    Remove(result, From(op));
                    Add(result, path, moved?.DeepClone());
                    break;
                case "copy":
                    Add(result, path, Resolve(result, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(result, path), op["value"]))
                    {
                        throw Failed($"testing value {path} failed");
                    }
                    break;
                default:
                    throw Failed($"Unexpected kind: {name}");
            }
        }
        return result;
    }

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw Failed("missing from");

    private static JsonNode? Resolve(JsonNode root, string path)
    {
        var node = root;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => throw Failed($"doc is missing path: \"{path}\""),
            };
        }
        return node;
    }

    private static void Add(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Failed($"doc is missing path: \"{path}\"");
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw Failed($"unable to remove nonexistent key: {last}: missing value");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            throw Failed("the root document cannot be replaced by a patch");
        }
        var parentPath = "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = tokens.Count == 1 ? root : Resolve(root, parentPath);
        return (parent, tokens[^1]);
    }

    private static List<string> Tokens(string path) =>
        path.Length == 0
            ? []
            : path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    private static KubeApiException Failed(string message) => new(422, "Invalid", message);
}
