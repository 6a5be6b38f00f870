using System.Text.Json;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Pods;
using AccessBroker.KubeSim.Rbac;
using AccessBroker.KubeSim.Storage;
using AccessBroker.KubeSim.Validation;
using AccessBroker.KubeSim.Workloads;

namespace AccessBroker.KubeSim.Api;

/// <summary>How a write was asked for: the fieldValidation directive, dryRun, and where warnings go.</summary>
internal sealed record WriteOptions(string FieldValidation, bool DryRun, UserInfo User)
{
    public List<string> Warnings { get; } = [];
}

/// <summary>
/// The write path every create, update, patch and scale goes through, in the API server's order: decode
/// (types and unknown fields), defaulting, validation, RBAC escalation checks, storage, then the controllers.
/// </summary>
internal sealed class ObjectWriter(ObjectStore store, WorkloadController controller, EscalationCheck escalation)
{
    public JsonObject Create(ResourceType type, JsonObject obj, WriteOptions options)
    {
        Decode(type, obj, options);
        if (obj.Name().Length == 0 && obj.Metadata().GetString("generateName") is { Length: > 0 } prefix)
        {
            obj.Metadata()["name"] = prefix + WorkloadController.RandomSuffix();
        }
        foreach (var key in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation" })
        {
            obj.Metadata().Remove(key);
        }
        WorkloadDefaults.Apply(type.Kind, obj);
        if (type.Kind == "Pod")
        {
            PodLifecycle.Start(obj, store.Time);
        }
        if (type.Kind == "Namespace")
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            obj.Metadata()["labels"] = new Dictionary<string, string>(obj.Labels()) { ["kubernetes.io/metadata.name"] = obj.Name() }.ToJson();
        }
        ObjectValidator.Validate(type, obj, null);
        return store.Atomically(() =>
        {
            if (type.Namespaced && store.Get(ResourceCatalog.Namespaces, null, obj.Namespace()) is null)
            {
                throw KubeApiException.NotFound(ResourceCatalog.Namespaces, obj.Namespace());
            }
            CheckEscalation(type, obj, options.User, requestName: "");
            if (options.DryRun)
            {
                return store.Get(type, obj.Namespace(), obj.Name()) is null ? obj : throw KubeApiException.AlreadyExists(type, obj.Name());
            }
            var created = store.Create(type, obj);
            if (type.Kind == "Namespace")
            {
                CreateDefaultServiceAccount(created.Name());
            }
            controller.AfterWrite(type, created);
            return created;
        });
    }

    /// <summary>Replaces an object; <paramref name="mutate"/> turns the current object into the new one under the store's lock.</summary>
    public JsonObject Update(ResourceType type, string @namespace, string name, Func<JsonObject, JsonObject> mutate, WriteOptions options) =>
        store.Atomically(() =>
        {
            var current = store.GetRequired(type, @namespace, name);
            var updated = mutate((JsonObject)current.DeepClone());
            Decode(type, updated, options);
            if (updated.Name() != name)
            {
                throw KubeApiException.BadRequest($"the name of the object ({updated.Name()}) does not match the name on the URL ({name})");
            }
            if (updated.Namespace() != current.Namespace())
            {
                throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            if (current["status"] is { } status && type.Kind is "Deployment" or "ReplicaSet" or "Pod")
            {
                updated["status"] = status.DeepClone();
            }
            WorkloadDefaults.Apply(type.Kind, updated);
            ObjectValidator.Validate(type, updated, current);
            CheckEscalation(type, updated, options.User, name);
            if (options.DryRun)
            {
                return updated;
            }
            var stored = store.Update(type, updated);
            controller.AfterWrite(type, stored);
            return stored;
        });

    public JsonObject Delete(ResourceType type, string @namespace, string name, bool dryRun) =>
        store.Atomically(() =>
        {
            var current = store.GetRequired(type, @namespace, name);
            // The NamespaceLifecycle admission plugin keeps the system namespaces.
            if (type.Kind == "Namespace" && name is "default" or "kube-system" or "kube-public")
            {
                throw KubeApiException.Forbidden("", "namespaces", name, "this namespace may not be deleted");
            }
            if (dryRun)
            {
                return current;
            }
            store.Delete(type, @namespace, name);
            controller.AfterDelete(type, current);
            if (type.Kind == "Namespace")
            {
                current["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            return current;
        });

    /// <summary>
    /// Checks apiVersion/kind, field types and unknown fields as the API server's decoder does; unknown fields are
    /// dropped, and reported as an error under fieldValidation=Strict or as warnings under Warn (the default).
    /// </summary>
    private static void Decode(ResourceType type, JsonObject obj, WriteOptions options)
    {
        var apiVersion = obj.GetString("apiVersion");
        var kind = obj.GetString("kind");
        if ((apiVersion is not null && apiVersion != type.GroupVersion) || (kind is not null && kind != type.Kind))
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        if (!type.Namespaced)
        {
            // Cluster-scoped objects have no namespace; the API server clears one sent in the body.
            obj.Metadata().Remove("namespace");
        }
        try
        {
            type.Decode(obj);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw KubeApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {e.Message}");
        }
        var unknown = KnownFields.PruneUnknown(obj, type.ModelType);
        if (unknown.Count == 0)
        {
            return;
        }
        var described = string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""));
        switch (options.FieldValidation)
        {
            case "Strict":
                throw KubeApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {described}");
            case "Ignore":
                break;
            default:
                options.Warnings.AddRange(unknown.Select(f => $"unknown field \"{f}\""));
                break;
        }
    }

    private void CheckEscalation(ResourceType type, JsonObject obj, UserInfo user, string requestName)
    {
        switch (type.Kind)
        {
            case "Role" or "ClusterRole":
                escalation.ConfirmRoleWrite(user, type, obj, requestName);
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                escalation.ConfirmBindingWrite(user, type, obj);
                break;
            default:
                break;
        }
    }

    private void CreateDefaultServiceAccount(string @namespace)
    {
        var serviceAccount = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = @namespace },
        };
        store.Create(ResourceCatalog.ServiceAccounts, serviceAccount);
    }
}
