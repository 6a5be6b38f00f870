using System.Globalization;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Api;

/// <summary>
/// Server-side printing: a meta.k8s.io/v1 Table when the client asks for one in Accept (<c>as=Table</c>), as
/// <c>kubectl get</c> does, with the columns the real API server prints for each kind.
/// </summary>
internal sealed class TableConverter(TimeProvider time)
{
    private sealed record Column(string Name, string Type, Func<JsonObject, JsonNode?> Cell);

    public static bool Wants(ApiCall call) =>
        call.Http.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public JsonObject ToTable(ResourceType type, IReadOnlyList<JsonObject> items, string resourceVersion)
    {
        var columns = Columns(type.Kind);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var metadata = item.Metadata().DeepClone().AsObject();
            metadata.Remove("managedFields");
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => c.Cell(item)).ToArray()),
                ["object"] = new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata },
            });
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Name == "Name" ? "name" : "",
                ["description"] = "",
                ["priority"] = 0,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private List<Column> Columns(string kind)
    {
        var name = new Column("Name", "string", o => o.Name());
        var age = new Column("Age", "string", o => Age(o));
        static long Number(JsonObject o, string section, string field) => o[section].GetInteger(field) ?? 0;
        return kind switch
        {
            "Deployment" =>
            [
                name,
                new("Ready", "string", o => $"{Number(o, "status", "readyReplicas")}/{Number(o, "spec", "replicas")}"),
                new("Up-to-date", "integer", o => Number(o, "status", "updatedReplicas")),
                new("Available", "integer", o => Number(o, "status", "availableReplicas")),
                age,
            ],
            "ReplicaSet" =>
            [
                name,
                new("Desired", "integer", o => Number(o, "spec", "replicas")),
                new("Current", "integer", o => Number(o, "status", "replicas")),
                new("Ready", "integer", o => Number(o, "status", "readyReplicas")),
                age,
            ],
            "Pod" =>
            [
                name,
                new("Ready", "string", o => $"{(o["status"]?["containerStatuses"] as JsonArray)?.Count(c => c.GetBoolean("ready"))}/{(o["spec"]?["containers"] as JsonArray)?.Count}"),
                new("Status", "string", o => o["status"].GetString("phase")),
                new("Restarts", "string", _ => "0"),
                age,
            ],
            "Namespace" => [name, new("Status", "string", o => o["status"].GetString("phase")), age],
            _ => [name, age],
        };
    }

    private string Age(JsonObject obj)
    {
        if (!DateTimeOffset.TryParse(obj.Metadata().GetString("creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }
        var age = time.GetUtcNow() - created;
        return age.TotalMinutes < 2 ? $"{(int)Math.Max(0, age.TotalSeconds)}s"
            : age.TotalHours < 2 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
