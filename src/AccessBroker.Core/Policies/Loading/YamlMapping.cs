using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Strict reading of one YAML mapping: unknown fields, missing required fields and wrong shapes become errors
/// that name the field's path (e.g. <c>spec.approval.count</c>) and its position.
/// </summary>
internal sealed class YamlMapping
{
    private readonly Dictionary<string, YamlNode> _fields;

    private YamlMapping(YamlErrors errors, YamlMappingNode node, string path, Dictionary<string, YamlNode> fields)
    {
        Errors = errors;
        Node = node;
        Path = path;
        _fields = fields;
    }

    public YamlErrors Errors { get; }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public static YamlMapping? Open(YamlErrors errors, YamlNode node, string path, params string[] allowedFields)
    {
        if (node is not YamlMappingNode mapping)
        {
            var prefix = path.Length == 0 ? string.Empty : $"{path}: ";
            errors.Add(node, $"{prefix}expected a mapping with fields {string.Join(", ", allowedFields)}");
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (Array.IndexOf(allowedFields, name) < 0)
            {
                errors.Add(key, $"{Join(path, name)}: unknown field '{name}'; expected one of {string.Join(", ", allowedFields)}");
            }
            else if (!IsNull(value))
            {
                fields[name] = value;
            }
        }

        return new YamlMapping(errors, mapping, path, fields);
    }

    public string FieldPath(string field) => Join(Path, field);

    public YamlNode? Optional(string field) => _fields.GetValueOrDefault(field);

    public YamlNode? Required(string field)
    {
        var node = Optional(field);
        if (node is null)
        {
            Errors.Add(Node, $"{FieldPath(field)}: required field is missing");
        }

        return node;
    }

    public YamlMapping? Mapping(string field, bool required, params string[] allowedFields)
    {
        var node = required ? Required(field) : Optional(field);
        return node is null ? null : Open(Errors, node, FieldPath(field), allowedFields);
    }

    public string? String(string field, bool required)
    {
        var node = required ? Required(field) : Optional(field);
        return node is null ? null : Scalar(node, FieldPath(field));
    }

    public string? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Errors.Add(node, $"{path}: expected a string");
        return null;
    }

    public int? Integer(string field, bool required)
    {
        var text = String(field, required);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Errors.Add(_fields[field], $"{FieldPath(field)}: expected an integer, found '{text}'");
        return null;
    }

    /// <summary>The items of a sequence field (empty when absent); reports a non-sequence and, when required, an empty one.</summary>
    public IReadOnlyList<(YamlNode Node, string Path)> Sequence(string field, bool requireItems)
    {
        var node = requireItems ? Required(field) : Optional(field);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Errors.Add(node, $"{FieldPath(field)}: expected a list");
            return [];
        }

        if (requireItems && sequence.Children.Count == 0)
        {
            Errors.Add(node, $"{FieldPath(field)}: expected at least one item");
        }

        return sequence.Children.Select((item, i) => (item, $"{FieldPath(field)}[{i}]")).ToList();
    }

    /// <summary>A list of strings, each checked by <paramref name="validate"/> (which returns an error message or null).</summary>
    public List<string> Strings(string field, bool requireItems, Func<string, string?>? validate = null)
    {
        var values = new List<string>();
        foreach (var (node, path) in Sequence(field, requireItems))
        {
            var value = Scalar(node, path);
            var problem = value is null ? null : validate?.Invoke(value);
            if (problem is not null)
            {
                Errors.Add(node, $"{path}: {problem}");
            }
            else if (value is not null)
            {
                values.Add(value);
            }
        }

        return values;
    }

    public YamlNode NodeOf(string field) => _fields.TryGetValue(field, out var node) ? node : Node;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
