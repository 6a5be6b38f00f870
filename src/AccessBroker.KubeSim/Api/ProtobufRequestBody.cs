using System.Text;
using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Api;

/// <summary>
/// Reads the protobuf request bodies that kubectl's typed clients send (Content-Type application/vnd.kubernetes.protobuf):
/// <c>auth can-i [--list]</c>, <c>auth whoami</c>, <c>create token</c>, and <c>create namespace|serviceaccount|role|clusterrole|rolebinding|clusterrolebinding</c>.
/// The envelope is runtime.Unknown after the "k8s\0" magic (apimachinery/pkg/runtime/serializer/protobuf); field
/// numbers follow the generated.proto files of k8s.io/api and k8s.io/apimachinery. Only the fields those commands
/// set are mapped; other kinds are refused with 415 so that the client is told to send JSON.
/// </summary>
internal static class ProtobufRequestBody
{
    private enum Wire { String, Integer, Boolean, Message, StringMap }

    private sealed record Field(string Name, Wire Type, bool Repeated = false, Dictionary<int, Field>? Message = null);

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static Field Text(string name, bool repeated = false) => new(name, Wire.String, repeated);

    private static Field Nested(string name, Dictionary<int, Field> message, bool repeated = false) => new(name, Wire.Message, repeated, message);

    private static readonly Dictionary<int, Field> TypeMeta = new() { [1] = Text("apiVersion"), [2] = Text("kind") };

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = Text("name"), [2] = Text("generateName"), [3] = Text("namespace"),
        [11] = new("labels", Wire.StringMap), [12] = new("annotations", Wire.StringMap),
    };

    private static readonly Dictionary<int, Field> PolicyRule = new()
    {
        [1] = Text("verbs", true), [2] = Text("apiGroups", true), [3] = Text("resources", true),
        [4] = Text("resourceNames", true), [5] = Text("nonResourceURLs", true),
    };

    private static readonly Dictionary<int, Field> Binding = new()
    {
        [1] = Nested("metadata", ObjectMeta),
        [2] = Nested("subjects", new() { [1] = Text("kind"), [2] = Text("apiGroup"), [3] = Text("name"), [4] = Text("namespace") }, repeated: true),
        [3] = Nested("roleRef", new() { [1] = Text("apiGroup"), [2] = Text("kind"), [3] = Text("name") }),
    };

    private static readonly Dictionary<int, Field> Role = new() { [1] = Nested("metadata", ObjectMeta), [2] = Nested("rules", PolicyRule, repeated: true) };

    private static readonly Dictionary<string, Dictionary<int, Field>> Kinds = new(StringComparer.Ordinal)
    {
        ["Namespace"] = new() { [1] = Nested("metadata", ObjectMeta) },
        ["ServiceAccount"] = new() { [1] = Nested("metadata", ObjectMeta), [4] = new("automountServiceAccountToken", Wire.Boolean) },
        ["Role"] = Role,
        ["ClusterRole"] = Role,
        ["RoleBinding"] = Binding,
        ["ClusterRoleBinding"] = Binding,
        ["SelfSubjectReview"] = new() { [1] = Nested("metadata", ObjectMeta) },
        ["SelfSubjectRulesReview"] = new() { [1] = Nested("metadata", ObjectMeta), [2] = Nested("spec", new() { [1] = Text("namespace") }) },
        ["SelfSubjectAccessReview"] = new()
        {
            [1] = Nested("metadata", ObjectMeta),
            [2] = Nested("spec", new()
            {
                [1] = Nested("resourceAttributes", new()
                {
                    [1] = Text("namespace"), [2] = Text("verb"), [3] = Text("group"), [4] = Text("version"),
                    [5] = Text("resource"), [6] = Text("subresource"), [7] = Text("name"),
                }),
                [2] = Nested("nonResourceAttributes", new() { [1] = Text("path"), [2] = Text("verb") }),
            }),
        },
        ["TokenRequest"] = new()
        {
            [1] = Nested("metadata", ObjectMeta),
            [2] = Nested("spec", new()
            {
                [1] = Text("audiences", true),
                [3] = Nested("boundObjectRef", new() { [1] = Text("kind"), [2] = Text("apiVersion"), [3] = Text("name"), [4] = Text("uid") }),
                [4] = new("expirationSeconds", Wire.Integer),
            }),
        },
    };

    public static JsonObject Decode(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw KubeApiException.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        var envelope = Fields(body.AsMemory(Magic.Length));
        var typeMeta = envelope.TryGetValue(1, out var meta) ? Read(meta[0], TypeMeta) : [];
        var kind = typeMeta["kind"]?.GetValue<string>() ?? "";
        if (!Kinds.TryGetValue(kind, out var schema) || !envelope.TryGetValue(2, out var raw))
        {
            throw new KubeApiException(415, "UnsupportedMediaType",
                $"KubeSim reads protobuf bodies only for {string.Join(", ", Kinds.Keys)}, not {kind}; send application/json");
        }
        var obj = Read(raw[0], schema);
        obj["apiVersion"] = typeMeta["apiVersion"]?.DeepClone();
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Read(ReadOnlyMemory<byte> data, Dictionary<int, Field> schema)
    {
        var result = new JsonObject();
        foreach (var (number, values) in Fields(data))
        {
            if (!schema.TryGetValue(number, out var field))
            {
                continue;
            }
            if (field.Type == Wire.StringMap)
            {
                var map = new JsonObject();
                foreach (var entry in values.Select(v => Read(v, MapEntry)))
                {
                    map[entry["key"]?.GetValue<string>() ?? ""] = entry["value"]?.GetValue<string>() ?? "";
                }
                result[field.Name] = map;
                continue;
            }
            // proto2 writes unset optional strings as empty; Go reads them as "" and JSON omits them.
            if (field.Type == Wire.String && !field.Repeated && values[^1].IsEmpty)
            {
                continue;
            }
            var decoded = values.Select(value => field.Type switch
            {
                Wire.Message => Read(value, field.Message!),
                Wire.String => (JsonNode)Encoding.UTF8.GetString(value.Span),
                Wire.Boolean => (JsonNode)(Varint(value) != 0),
                _ => (JsonNode)(long)Varint(value),
            }).ToList();
            result[field.Name] = field.Repeated ? new JsonArray(decoded.ToArray()) : decoded[^1];
        }
        return result;
    }

    private static readonly Dictionary<int, Field> MapEntry = new() { [1] = Text("key"), [2] = Text("value") };

    /// <summary>Splits a message into its fields; varints are returned as their encoded bytes.</summary>
    private static Dictionary<int, List<ReadOnlyMemory<byte>>> Fields(ReadOnlyMemory<byte> data)
    {
        var fields = new Dictionary<int, List<ReadOnlyMemory<byte>>>();
        var position = 0;
        while (position < data.Length)
        {
            var key = ReadVarint(data.Span, ref position);
            var start = position;
            ReadOnlyMemory<byte> value;
            switch ((int)(key & 7))
            {
                case 0:
                    ReadVarint(data.Span, ref position);
                    value = data[start..position];
                    break;
                case 2:
                    var length = (int)ReadVarint(data.Span, ref position);
                    value = data.Slice(position, length);
                    position += length;
                    break;
                case 1:
                    value = data.Slice(position, 8);
                    position += 8;
                    break;
                case 5:
                    value = data.Slice(position, 4);
                    position += 4;
                    break;
                default:
                    throw KubeApiException.BadRequest($"unsupported protobuf wire type {key & 7}");
            }
            var number = (int)(key >> 3);
            if (!fields.TryGetValue(number, out var list))
            {
                fields[number] = list = [];
            }
            list.Add(value);
        }
        return fields;
    }

    private static ulong Varint(ReadOnlyMemory<byte> encoded)
    {
        var position = 0;
        return ReadVarint(encoded.Span, ref position);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw KubeApiException.BadRequest("truncated protobuf message");
            }
            var b = span[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw KubeApiException.BadRequest("malformed protobuf varint");
    }
}
