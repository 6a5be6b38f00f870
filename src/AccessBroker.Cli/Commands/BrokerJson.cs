using System.Text.Json;

namespace AccessBroker.Cli.Commands;

/// <summary>Reads the broker's camelCase JSON answers for text output, tolerating absent or null properties.</summary>
internal static class BrokerJson
{
    public static string Text(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "-",
            _ => value.GetRawText(),
        } : "-";

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    public static string Name(this JsonElement person) => person.ValueKind == JsonValueKind.Object ? person.Text("name") : "-";
}
