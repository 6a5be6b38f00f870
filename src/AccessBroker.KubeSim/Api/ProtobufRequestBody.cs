using System.Text;
using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Api;

/// <summary>
/// Reads the protobuf request bodies kubectl's typed clients send (Content-Type application/vnd.kubernetes.protobuf)
/// for the create-only kinds it posts: SelfSubjectAccessReview (<c>auth can-i</c>), SelfSubjectReview
/// (<c>auth whoami</c>) and TokenRequest (<c>create token</c>). The envelope is runtime.Unknown after the
/// "k8s\0" magic (apimachinery/pkg/runtime/serializer/protobuf); field numbers follow the generated.proto
/// files of k8s.io/api. Other kinds are refused with 415, as a server without a protobuf codec for them would.
/// </summary>
internal static class ProtobufRequestBody
{
    private sealed record Field(string Name, bool IsString = false, bool IsInteger = false, bool Repeated = false, Dictionary<int, Field>? Message = null);

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly Dictionary<int, Field> ObjectMeta = new() { [1] = new("name", IsString: true), [3] = new("namespace", IsString: true) };

    private static readonly Dictionary<int, Field> ResourceAttributes = new()
    {
        [1] = new("namespace", IsString: true), [2] = new("verb", IsString: true), [3] = new("group", IsString: true),
        [4] = new("version", IsString: true), [5] = new("resource", IsString: true), [6] = new("subresource", IsString: true),
        [7] = new("name", IsString: true),
    };

    private static readonly Dictionary<int, Field> NonResourceAttributes = new() { [1] = new("path", IsString: true), [2] = new("verb", IsString: true) };

    private static readonly Dictionary<int, Field> BoundObjectReference = new()
    {
        [1] = new("kind", IsString: true), [2] = new("apiVersion", IsString: true), [3] = new("name", IsString: true), [4] = new("uid", IsString: true),
    };

    private static readonly Dictionary<string, Dictionary<int, Field>> Kinds = new(StringComparer.Ordinal)
    {
        ["SelfSubjectAccessReview"] = new()
        {
            [1] = new("metadata", Message: ObjectMeta),
            [2] = new("spec", Message: new() { [1] = new("resourceAttributes", Message: ResourceAttributes), [2] = new("nonResourceAttributes", Message: NonResourceAttributes) }),
        },
        ["SelfSubjectReview"] = new() { [1] = new("metadata", Message: ObjectMeta) },
        ["TokenRequest"] = new()
        {
            [1] = new("metadata", Message: ObjectMeta),
            [2] = new("spec", Message: new()
            {
                [1] = new("audiences", IsString: true, Repeated: true),
                [3] = new("boundObjectRef", Message: BoundObjectReference),
                [4] = new("expirationSeconds", IsInteger: true),
            }),
        },
    };

    public static JsonObject Decode(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw KubeApiException.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        var envelope = Read(body.AsMemory(Magic.Length), new()
        {
            [1] = new("typeMeta", Message: new() { [1] = new("apiVersion", IsString: true), [2] = new("kind", IsString: true) }),
        }, out var raw);
        var typeMeta = envelope["typeMeta"];
        var kind = typeMeta?["kind"]?.GetValue<string>() ?? "";
        if (!Kinds.TryGetValue(kind, out var schema) || raw is null)
        {
            throw new KubeApiException(415, "UnsupportedMediaType",
                $"KubeSim reads protobuf only for SelfSubjectAccessReview, SelfSubjectReview and TokenRequest, not {kind}; send application/json");
        }
        var obj = Read(raw.Value, schema, out _);
        obj["apiVersion"] = typeMeta?["apiVersion"]?.DeepClone();
        obj["kind"] = kind;
        return obj;
    }

    /// <summary>Decodes the fields named in <paramref name="schema"/>, skipping the rest; field 2 of the envelope (raw) is handed back.</summary>
    private static JsonObject Read(ReadOnlyMemory<byte> data, Dictionary<int, Field> schema, out ReadOnlyMemory<byte>? raw)
    {
        raw = null;
        var result = new JsonObject();
        var position = 0;
        var span = data.Span;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0:
                    var value = ReadVarint(span, ref position);
                    if (schema.TryGetValue(number, out var integerField) && integerField.IsInteger)
                    {
                        result[integerField.Name] = (long)value;
                    }
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    var bytes = data.Slice(position, length);
                    position += length;
                    if (!schema.TryGetValue(number, out var field))
                    {
                        raw = schema.ContainsKey(1) && schema[1].Name == "typeMeta" && number == 2 ? bytes : raw;
                        continue;
                    }
                    JsonNode decoded = field.Message is not null ? Read(bytes, field.Message, out _) : Encoding.UTF8.GetString(bytes.Span);
                    if (field.Repeated)
                    {
                        (result[field.Name] as JsonArray ?? (JsonArray)(result[field.Name] = new JsonArray())).Add(decoded);
                    }
                    else
                    {
                        result[field.Name] = decoded;
                    }
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw KubeApiException.BadRequest($"unsupported protobuf wire type {wireType}");
            }
        }
        return result;
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
