using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Api;

/// <summary>
/// An API error carried to the response as a Kubernetes <c>Status</c> body, built the way
/// k8s.io/apimachinery/pkg/api/errors builds them so clients recognise reason and code.
/// </summary>
internal sealed class KubeApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public JsonObject ToStatus() => StatusBody(Code, Reason, Message, details?.DeepClone().AsObject());

    public static JsonObject StatusBody(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }
        status["code"] = code;
        return status;
    }

    private static JsonObject Details(ResourceType type, string? name, JsonArray? causes = null)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        details["kind"] = type.Plural;
        if (causes is not null)
        {
            details["causes"] = causes;
        }
        return details;
    }

    public static KubeApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", Details(type, name));

    public static KubeApiException UnknownResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static KubeApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", Details(type, name));

    public static KubeApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(type, name));

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException MethodNotSupported(ResourceType type, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{type.QualifiedName}\"", Details(type, null));

    public static KubeApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static KubeApiException Forbidden(string group, string resource, string? name, string message)
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var prefix = string.IsNullOrEmpty(name) ? $"{qualified} is forbidden" : $"{qualified} \"{name}\" is forbidden";
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (group.Length > 0)
        {
            details["group"] = group;
        }
        details["kind"] = resource;
        return new(403, "Forbidden", $"{prefix}: {message}", details);
    }

    /// <summary>A 422 with one cause per field error, as <c>errors.NewInvalid</c> writes it.</summary>
    public static KubeApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Type, ["message"] = error.Detail, ["field"] = error.Field });
        }
        var summary = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var details = Details(type, name, causes);
        details["kind"] = type.Kind;
        var qualifiedKind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", details);
    }
}

/// <summary>A field validation error in the shape of apimachinery's <c>field.Error</c>.</summary>
internal sealed record FieldError(string Field, string Type, string Detail)
{
    public static FieldError InvalidValue(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}");

    public static FieldError InvalidValue(string field, long value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {value}: {detail}");

    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public override string ToString() => $"{Field}: {Detail}";
}
