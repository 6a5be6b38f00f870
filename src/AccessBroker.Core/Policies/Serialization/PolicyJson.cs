using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccessBroker.Core.Policies;

/// <summary>
/// JSON shape of policy decisions and models, shared by the API and <c>abctl -o json</c>: camelCase names,
/// camelCase enum strings (<c>pendingApproval</c>), durations as policy files write them (<c>1h30m</c>).
/// </summary>
public static class PolicyJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Adds the naming policy and converters to options owned by someone else (e.g. ASP.NET Core's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new PolicyDurationJsonConverter());
        options.Converters.Add(new GlobJsonConverter());
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Reads and writes <see cref="TimeSpan"/> as a policy duration string such as <c>4h</c> or <c>1h30m</c>.</summary>
public sealed class PolicyDurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PolicyDuration.TryParse(reader.GetString(), out var duration)
            ? duration
            : throw new JsonException("expected a duration like 30m, 4h or 1h30m");

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(PolicyDuration.Format(value));
    }
}

/// <summary>Writes a <see cref="Glob"/> as its pattern, e.g. <c>"prod-*"</c>, and reads one back.</summary>
public sealed class GlobJsonConverter : JsonConverter<Glob>
{
    public override Glob Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Glob.Compile(reader.GetString() ?? throw new JsonException("expected a glob pattern"));

    public override void Write(Utf8JsonWriter writer, Glob value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Pattern);
    }
}
