using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;

namespace AccessBroker.KubeSim.Storage;

/// <summary>
/// A label selector in the query-string syntax of k8s.io/apimachinery/pkg/labels (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>)
/// or built from a LabelSelector object (matchLabels/matchExpressions).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static readonly LabelSelector Everything = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var term in SplitTerms(text))
        {
            selector._requirements.Add(ParseTerm(term.Trim()));
        }
        return selector;
    }

    /// <summary>Builds the selector of a workload's <c>spec.selector</c>; an empty selector matches everything.</summary>
    public static LabelSelector FromObject(JsonNode? selectorObject)
    {
        var selector = new LabelSelector();
        foreach (var (key, value) in ObjectMetadata.StringMap(selectorObject?["matchLabels"]))
        {
            selector._requirements.Add(labels => labels.TryGetValue(key, out var actual) && actual == value);
        }
        if (selectorObject?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                var key = expression.GetString("key") ?? "";
                var values = expression.GetStrings("values");
                selector._requirements.Add((expression.GetString("operator") ?? "") switch
                {
                    "In" => labels => labels.TryGetValue(key, out var v) && values.Contains(v),
                    "NotIn" => labels => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                    "Exists" => labels => labels.ContainsKey(key),
                    _ => labels => !labels.ContainsKey(key),
                });
            }
        }
        return selector;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            var key = RequireKey(term[1..].Trim(), term);
            return labels => !labels.ContainsKey(key);
        }
        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var index = term.IndexOf(op, StringComparison.Ordinal);
            if (index > 0)
            {
                var key = RequireKey(term[..index].Trim(), term);
                var value = term[(index + op.Length)..].Trim();
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || v != value
                    : labels => labels.TryGetValue(key, out var v) && v == value;
            }
        }
        var parts = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            var key = RequireKey(parts[0], term);
            return labels => labels.ContainsKey(key);
        }
        var setKey = RequireKey(parts[0], term);
        var rest = parts[1];
        var notIn = rest.StartsWith("notin", StringComparison.Ordinal);
        var setText = rest[(notIn ? 5 : rest.StartsWith("in", StringComparison.Ordinal) ? 2 : throw Unparsable(term))..].Trim();
        if (!setText.StartsWith('(') || !setText.EndsWith(')'))
        {
            throw Unparsable(term);
        }
        var set = setText[1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return notIn
            ? labels => !labels.TryGetValue(setKey, out var v) || !set.Contains(v)
            : labels => labels.TryGetValue(setKey, out var v) && set.Contains(v);
    }

    private static string RequireKey(string key, string term) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') ? key : throw Unparsable(term);

    private static KubeApiException Unparsable(string term) =>
        KubeApiException.BadRequest($"unable to parse requirement: found '{term}', expected: identifier");
}
