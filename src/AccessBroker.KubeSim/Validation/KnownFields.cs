using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AccessBroker.KubeSim.Validation;

/// <summary>
/// Finds and prunes fields the API does not define, using the KubernetesClient model types (generated from
/// Kubernetes' own OpenAPI) as the schema. Paths are written as the API server's strict decoder writes them:
/// <c>spec.template.spec.containers[0].imagePullPolicyy</c>.
/// </summary>
internal static class KnownFields
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Properties = new();

    public static IReadOnlyList<string> PruneUnknown(JsonObject obj, Type modelType)
    {
        var unknown = new List<string>();
        Visit(obj, modelType, "", unknown);
        return unknown;
    }

    private static void Visit(JsonNode? node, Type type, string path, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is JsonArray array && ElementType(type) is { } elementType)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Visit(array[i], elementType, $"{path}[{i}]", unknown);
            }
            return;
        }
        if (node is not JsonObject obj)
        {
            return;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var (key, value) in obj)
            {
                Visit(value, valueType, Join(path, key), unknown);
            }
            return;
        }
        var properties = PropertiesOf(type);
        if (properties.Count == 0)
        {
            return;
        }
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (properties.TryGetValue(key, out var propertyType))
            {
                Visit(obj[key], propertyType, Join(path, key), unknown);
            }
            else
            {
                unknown.Add(Join(path, key));
                obj.Remove(key);
            }
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static IReadOnlyDictionary<string, Type> PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, t => t.Namespace == "k8s.Models"
            ? t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
                .Where(p => p.Name is not null)
                .ToDictionary(p => p.Name!, p => p.PropertyType, StringComparer.Ordinal)
            : new Dictionary<string, Type>());

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || DictionaryValueType(type) is not null
            ? null
            : type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments().Length == 2 && typeof(IEnumerable).IsAssignableFrom(type)
            ? type.GetGenericArguments()[1]
            : null;
}
