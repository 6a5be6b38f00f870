using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AccessBroker.KubeSim.Patching;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Api;

/// <summary>get, list, create, update, patch, delete and deletecollection on stored resources.</summary>
internal sealed class ResourceHandler(ObjectStore store, ObjectWriter writer, TableConverter tables)
{
    public async Task HandleAsync(ApiCall call, ResourceType type)
    {
        var info = call.Info;
        if (!type.Namespaced && info.Namespace.Length > 0 && type.Kind != "Namespace")
        {
            throw KubeApiException.UnknownResource();
        }
        var @namespace = type.Kind == "Namespace" ? "" : info.Namespace;
        if (type.Namespaced && @namespace.Length == 0 && info.Verb is not ("list" or "watch"))
        {
            throw KubeApiException.UnknownResource();
        }
        switch (info.Verb)
        {
            case "get":
                await RespondObjectAsync(call, 200, store.GetRequired(type, @namespace, info.Name), type);
                break;
            case "list":
                var items = Select(call, type, @namespace);
                await call.RespondAsync(200, TableConverter.Wants(call) ? tables.ToTable(type, items, store.CurrentResourceVersion) : ToList(type, items));
                break;
            case "watch":
                await WatchAsync(call, type, @namespace);
                break;
            case "create":
                var obj = await call.ReadObjectAsync();
                if (type.Namespaced)
                {
                    if (obj.Namespace().Length > 0 && obj.Namespace() != @namespace)
                    {
                        throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                    }
                    obj.Metadata()["namespace"] = @namespace;
                }
                var options = call.WriteOptions();
                await RespondObjectAsync(call, 201, writer.Create(type, obj, options), type, options.Warnings);
                break;
            case "update":
                var replacement = await call.ReadObjectAsync();
                if (type.Namespaced && replacement.Namespace().Length == 0)
                {
                    replacement.Metadata()["namespace"] = @namespace;
                }
                var updateOptions = call.WriteOptions();
                var updated = writer.Update(type, @namespace, info.Name, _ => replacement, updateOptions);
                await RespondObjectAsync(call, 200, updated, type, updateOptions.Warnings);
                break;
            case "patch":
                var patch = await call.ReadJsonAsync();
                var contentType = call.Http.Request.ContentType ?? "";
                var patchOptions = call.WriteOptions();
                var patched = writer.Update(type, @namespace, info.Name, current => ApplyPatch(current, patch, contentType), patchOptions);
                await RespondObjectAsync(call, 200, patched, type, patchOptions.Warnings);
                break;
            case "delete":
                await RespondObjectAsync(call, 200, writer.Delete(type, @namespace, info.Name, call.Query("dryRun") == "All"), type);
                break;
            case "deletecollection":
                var deleted = Select(call, type, @namespace)
                    .Select(o => writer.Delete(type, o.Namespace(), o.Name(), call.Query("dryRun") == "All"))
                    .ToList();
                await call.RespondAsync(200, ToList(type, deleted));
                break;
            default:
                throw KubeApiException.MethodNotSupported(type, info.Verb);
        }
    }

    /// <summary>Applies a patch of the type named by the Content-Type, as the API server's patch handler does.</summary>
    public static JsonObject ApplyPatch(JsonObject current, JsonNode patch, string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        var result = mediaType switch
        {
            "application/merge-patch+json" => JsonMergePatch.Apply(current, RequireObject(patch)),
            "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, RequireObject(patch)),
            "application/json-patch+json" => JsonPatch.Apply(current, patch as JsonArray
                ?? throw KubeApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
            _ => throw new KubeApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
        return result as JsonObject ?? throw KubeApiException.BadRequest("the patched object is not a JSON object");
    }

    private static JsonObject RequireObject(JsonNode patch) =>
        patch as JsonObject ?? throw KubeApiException.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");

    /// <summary>
    /// A watch: newline-delimited watch events (<c>{"type":"ADDED","object":{…}}</c>) as the API server streams them,
    /// until the client leaves or <c>timeoutSeconds</c> pass.
    /// </summary>
    private async Task WatchAsync(ApiCall call, ResourceType type, string @namespace)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        var name = call.Info.Name;
        long? after = long.TryParse(call.Query("resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
        var events = Channel.CreateUnbounded<WatchEvent>();
        using var subscription = store.Watch(type, after, e =>
            (@namespace.Length == 0 || e.Object.Namespace() == @namespace || type.Kind == "Namespace")
            && (name.Length == 0 || e.Object.Name() == name)
            && labels.Matches(e.Object.Labels()) && fields(e.Object), events.Writer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(call.Aborted);
        if (int.TryParse(call.Query("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        var response = call.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.Body.FlushAsync(call.Aborted);
        try
        {
            await foreach (var change in events.Reader.ReadAllAsync(timeout.Token))
            {
                var obj = TableConverter.Wants(call)
                    ? tables.ToTable(type, [change.Object], change.ResourceVersion.ToString(CultureInfo.InvariantCulture))
                    : change.Object;
                var line = new JsonObject { ["type"] = change.Type, ["object"] = obj };
                await response.WriteAsync(line.ToJsonString() + "\n", timeout.Token);
                await response.Body.FlushAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The watch ends when its time is up or the client goes away, as a real watch does.
        }
    }

    private IReadOnlyList<JsonObject> Select(ApiCall call, ResourceType type, string @namespace)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        return store.List(type, @namespace.Length == 0 ? null : @namespace)
            .Where(o => labels.Matches(o.Labels()) && fields(o))
            .ToList();
    }

    private Task RespondObjectAsync(ApiCall call, int code, JsonObject obj, ResourceType type, IEnumerable<string>? warnings = null) =>
        call.RespondAsync(code, TableConverter.Wants(call) ? tables.ToTable(type, [obj], obj.ResourceVersion()) : obj, warnings);

    private JsonObject ToList(ResourceType type, IReadOnlyList<JsonObject> items)
    {
        var list = new JsonArray();
        foreach (var item in items)
        {
            // Typed lists from the API server carry apiVersion and kind on the list only.
            item.Remove("apiVersion");
            item.Remove("kind");
            list.Add(item);
        }
        return new JsonObject
        {
            ["kind"] = $"{type.Kind}List",
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion },
            ["items"] = list,
        };
    }
}
