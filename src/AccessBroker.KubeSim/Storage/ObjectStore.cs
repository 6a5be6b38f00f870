using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
    private const int HistoryLength = 2000;

    private readonly Queue<WatchEvent> _history = new();
    private readonly List<(Func<WatchEvent, bool> Wants, ChannelWriter<WatchEvent> Writer)> _watchers = [];
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
            return Save(type, table, key, obj, "ADDED");
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
            return Save(type, table, key, obj, "MODIFIED");
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
            removed.Metadata()["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
            Publish(new WatchEvent(_resourceVersion, "DELETED", type, removed));
            Deleted?.Invoke(type, removed);
            return (JsonObject)removed.DeepClone();
        }
    }

    /// <summary>
    /// Starts a watch. With <paramref name="afterVersion"/> null, the current objects come first as ADDED events
    /// (the API server's "start at most recent"); otherwise the remembered events after that resourceVersion do,
    /// or 410 Gone when it is older than the history kept. Later changes follow until the subscription is disposed.
    /// </summary>
    public IDisposable Watch(ResourceType type, long? afterVersion, Func<WatchEvent, bool> wants, ChannelWriter<WatchEvent> writer)
    {
        lock (_gate)
        {
            IEnumerable<WatchEvent> backlog;
            if (afterVersion is not { } after)
            {
                backlog = Table(type).Values.Select(o => new WatchEvent(_resourceVersion, "ADDED", type, o));
            }
            else if (after < _resourceVersion && (_history.Count == 0 || _history.Peek().ResourceVersion > after + 1))
            {
                throw new KubeApiException(410, "Expired", $"too old resource version: {after} ({_history.FirstOrDefault()?.ResourceVersion ?? _resourceVersion})");
            }
            else
            {
                backlog = _history.Where(e => e.ResourceVersion > after && e.Resource == type);
            }
            foreach (var item in backlog.Where(wants))
            {
                writer.TryWrite(item with { Object = (JsonObject)item.Object.DeepClone() });
            }
            var watcher = (Wants: (Func<WatchEvent, bool>)(e => e.Resource == type && wants(e)), Writer: writer);
            _watchers.Add(watcher);
            return new Subscription(() =>
            {
                lock (_gate)
                {
                    _watchers.Remove(watcher);
                }
            });
        }
    }

    private JsonObject Save(ResourceType type, SortedDictionary<string, JsonObject> table, string key, JsonObject obj, string eventType)
    {
        _resourceVersion++;
        obj.Metadata()["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        var stored = (JsonObject)obj.DeepClone();
        table[key] = stored;
        Publish(new WatchEvent(_resourceVersion, eventType, type, stored));
        return obj;
    }

    private void Publish(WatchEvent change)
    {
        _history.Enqueue(change);
        if (_history.Count > HistoryLength)
        {
            _history.Dequeue();
        }
        foreach (var (wants, writer) in _watchers.Where(w => w.Wants(change)))
        {
            writer.TryWrite(change with { Object = (JsonObject)change.Object.DeepClone() });
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
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

/// <summary>A change to one object: ADDED, MODIFIED or DELETED, with the object as it was then.</summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, ResourceType Resource, JsonObject Object);
