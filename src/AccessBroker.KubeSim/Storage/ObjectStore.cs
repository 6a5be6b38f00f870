using System.Globalization;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;

namespace AccessBroker.KubeSim.Storage;

/// <summary>
/// All objects of the simulated cluster, in memory. One lock guards every read and write, and one counter
/// gives each write the next resourceVersion, as etcd's revision does for a real API server. Objects are
/// cloned on the way in and out so callers never share mutable state with the store.
/// </summary>
internal sealed class ObjectStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private long _resourceVersion = 1000;

    /// <summary>Raised, under the store's lock, after an object is removed. Handlers must not block.</summary>
    public event Action<ResourceType, JsonObject>? Deleted;

    public TimeProvider Time => time;

    public string CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Runs several store operations as one step that no other writer can interleave with.</summary>
    public T Atomically<T>(Func<T> operation)
    {
        lock (_gate)
        {
            return operation();
        }
    }

    public JsonObject? Get(ResourceType type, string? @namespace, string name)
    {
        lock (_gate)
        {
            return Table(type).TryGetValue(Key(@namespace, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public JsonObject GetRequired(ResourceType type, string? @namespace, string name) =>
        Get(type, @namespace, name) ?? throw KubeApiException.NotFound(type, name);

    /// <summary>Objects of a type, ordered by namespace and name; all namespaces when <paramref name="namespace"/> is null.</summary>
    public IReadOnlyList<JsonObject> List(ResourceType type, string? @namespace)
    {
        lock (_gate)
        {
            return Table(type).Values
                .Where(o => @namespace is null || o.Namespace() == @namespace)
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var metadata = obj.Metadata();
            var table = Table(type);
            var key = Key(obj.Namespace(), obj.Name());
            if (table.ContainsKey(key))
            {
                throw KubeApiException.AlreadyExists(type, obj.Name());
            }
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
            if (obj["spec"] is not null)
            {
                metadata["generation"] = 1;
            }
            return Save(table, key, obj);
        }
    }

    /// <summary>
    /// Replaces an object. A non-empty resourceVersion must match the stored one (optimistic concurrency);
    /// uid and creationTimestamp are kept, and generation moves when the spec changes.
    /// </summary>
    public JsonObject Update(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var table = Table(type);
            var key = Key(obj.Namespace(), obj.Name());
            if (!table.TryGetValue(key, out var current))
            {
                throw KubeApiException.NotFound(type, obj.Name());
            }
            var requested = obj.ResourceVersion();
            if (requested.Length > 0 && requested != current.ResourceVersion())
            {
                throw KubeApiException.Conflict(type, obj.Name());
            }
            var metadata = obj.Metadata();
            var currentMetadata = current.Metadata();
            metadata["uid"] = current.Uid();
            metadata["creationTimestamp"] = currentMetadata["creationTimestamp"]?.DeepClone();
            var generation = current.Metadata().GetInteger("generation");
            if (generation is not null)
            {
                var specChanged = !JsonNode.DeepEquals(current["spec"], obj["spec"]);
                metadata["generation"] = specChanged ? generation + 1 : generation;
            }
            if (JsonNode.DeepEquals(StripVersion(current), StripVersion(obj)))
            {
                return (JsonObject)current.DeepClone();
            }
            return Save(table, key, obj);
        }
    }

    public JsonObject? Delete(ResourceType type, string? @namespace, string name)
    {
        lock (_gate)
        {
            var table = Table(type);
            if (!table.Remove(Key(@namespace, name), out var removed))
            {
                return null;
            }
            _resourceVersion++;
            Deleted?.Invoke(type, removed);
            return (JsonObject)removed.DeepClone();
        }
    }

    private JsonObject Save(SortedDictionary<string, JsonObject> table, string key, JsonObject obj)
    {
        _resourceVersion++;
        obj.Metadata()["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        var stored = (JsonObject)obj.DeepClone();
        table[key] = stored;
        return obj;
    }

    private static JsonObject StripVersion(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Metadata().Remove("resourceVersion");
        return copy;
    }

    private SortedDictionary<string, JsonObject> Table(ResourceType type)
    {
        if (!_objects.TryGetValue(type, out var table))
        {
            table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type] = table;
        }
        return table;
    }

    private static string Key(string? @namespace, string name) => $"{@namespace}/{name}";
}
