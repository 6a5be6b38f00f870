using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;

namespace AccessBroker.KubeSim.Storage;

/// <summary>Field selectors on the fields every resource supports: metadata.name and metadata.namespace (= and !=).</summary>
internal static class FieldSelector
{
    public static Func<JsonObject, bool> Parse(string? text)
    {
        var terms = new List<Func<JsonObject, bool>>();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2)
            {
                throw KubeApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
            Func<JsonObject, string> field = parts[0] switch
            {
                "metadata.name" => o => o.Name(),
                "metadata.namespace" => o => o.Namespace(),
                _ => throw KubeApiException.BadRequest($"field label not supported: {parts[0]}"),
            };
            var value = parts[1];
            terms.Add(o => (field(o) == value) != negate);
        }
        return o => terms.TrueForAll(t => t(o));
    }
}
