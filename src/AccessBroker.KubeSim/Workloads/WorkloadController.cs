using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Pods;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Workloads;

/// <summary>
/// A synchronous stand-in for the deployment, replicaset and garbage-collector controllers. After each write it
/// brings the namespace to the state those controllers converge to: one ReplicaSet per distinct pod template,
/// named by its pod-template-hash and numbered by <c>deployment.kubernetes.io/revision</c>; the current one at the
/// Deployment's replicas and older ones at 0; pods following each ReplicaSet; dependents of deleted owners removed.
/// Reconciling inside the write (instead of in the background) makes results observable without waiting.
/// </summary>
internal sealed class WorkloadController(ObjectStore store)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string TemplateHashLabel = "pod-template-hash";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private static readonly HashSet<string> AnnotationsNotCopied =
    [
        RevisionAnnotation, "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
    ];

    public void AfterWrite(ResourceType type, JsonObject obj)
    {
        if (type.Kind == "Deployment")
        {
            ReconcileDeployment(obj.Namespace(), obj.Name());
        }
        else if (type.Kind == "ReplicaSet")
        {
            ReconcileReplicaSet(obj.Namespace(), obj.Name());
        }
    }

    public void AfterDelete(ResourceType type, JsonObject obj)
    {
        if (type.Kind == "Namespace")
        {
            foreach (var namespaced in ResourceCatalog.All.Where(t => t.Namespaced && t.IsStored))
            {
                foreach (var child in store.List(namespaced, obj.Name()))
                {
                    store.Delete(namespaced, child.Namespace(), child.Name());
                }
            }
            return;
        }
        CollectDependents(type, obj);
        if (type.Kind == "Pod" && Controller(obj) is { } owner && store.Get(ResourceCatalog.ReplicaSets, obj.Namespace(), owner) is not null)
        {
            ReconcileReplicaSet(obj.Namespace(), owner);
        }
    }

    private void CollectDependents(ResourceType type, JsonObject owner)
    {
        var dependentType = type.Kind switch
        {
            "Deployment" => ResourceCatalog.ReplicaSets,
            "ReplicaSet" => ResourceCatalog.Pods,
            _ => null,
        };
        if (dependentType is null)
        {
            return;
        }
        foreach (var dependent in store.List(dependentType, owner.Namespace()).Where(d => d.IsControlledBy(owner)))
        {
            if (store.Delete(dependentType, dependent.Namespace(), dependent.Name()) is { } removed)
            {
                CollectDependents(dependentType, removed);
            }
        }
    }

    private void ReconcileDeployment(string @namespace, string name)
    {
        var deployment = store.Get(ResourceCatalog.Deployments, @namespace, name);
        if (deployment is null)
        {
            return;
        }
        var spec = deployment["spec"]!;
        var replicas = spec.GetInteger("replicas") ?? 1;
        var template = spec["template"]!.DeepClone().AsObject();
        var hash = TemplateHash(template);
        var owned = store.List(ResourceCatalog.ReplicaSets, @namespace).Where(rs => rs.IsControlledBy(deployment)).ToList();
        var maxRevision = owned.Select(Revision).DefaultIfEmpty(0).Max();
        var current = owned.FirstOrDefault(rs => rs.Labels().GetValueOrDefault(TemplateHashLabel) == hash);
        var revision = current is not null && Revision(current) == maxRevision ? maxRevision : maxRevision + 1;

        var paused = spec.GetBoolean("paused");
        current ??= NewReplicaSet(deployment, template, hash);
        if (!paused)
        {
            CopyDeploymentAnnotations(deployment, current);
            current.SetAnnotation(RevisionAnnotation, revision.ToString(CultureInfo.InvariantCulture));
            current["spec"]!["replicas"] = replicas;
            Write(ResourceCatalog.ReplicaSets, current);
            foreach (var old in owned.Where(rs => rs.Uid() != current.Uid() && rs["spec"].GetInteger("replicas") != 0))
            {
                old["spec"]!["replicas"] = 0;
                Write(ResourceCatalog.ReplicaSets, old);
            }
            PruneHistory(deployment, current);
        }

        deployment = store.GetRequired(ResourceCatalog.Deployments, @namespace, name);
        deployment.SetAnnotation(RevisionAnnotation, Revision(current).ToString(CultureInfo.InvariantCulture));
        deployment["status"] = DeploymentStatus(deployment, replicas);
        deployment.Metadata().Remove("resourceVersion");
        store.Update(ResourceCatalog.Deployments, deployment);
    }

    private JsonObject NewReplicaSet(JsonObject deployment, JsonObject template, string hash)
    {
        var templateMetadata = template.Metadata();
        var labels = new Dictionary<string, string>(ObjectMetadata.StringMap(templateMetadata["labels"])) { [TemplateHashLabel] = hash };
        templateMetadata["labels"] = labels.ToJson();
        var selector = deployment["spec"]!["selector"]!.DeepClone().AsObject();
        var matchLabels = new Dictionary<string, string>(ObjectMetadata.StringMap(selector["matchLabels"])) { [TemplateHashLabel] = hash };
        selector["matchLabels"] = matchLabels.ToJson();
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = labels.ToJson(),
                ["ownerReferences"] = new JsonArray(ObjectMetadata.OwnerReference(deployment, "apps/v1", "Deployment")),
            },
            ["spec"] = new JsonObject { ["replicas"] = 0, ["selector"] = selector, ["template"] = template },
        };
    }

    private static void CopyDeploymentAnnotations(JsonObject deployment, JsonObject replicaSet)
    {
        foreach (var (key, value) in deployment.Annotations().Where(a => !AnnotationsNotCopied.Contains(a.Key)))
        {
            replicaSet.SetAnnotation(key, value);
        }
    }

    private void PruneHistory(JsonObject deployment, JsonObject current)
    {
        var limit = deployment["spec"].GetInteger("revisionHistoryLimit") ?? 10;
        var old = store.List(ResourceCatalog.ReplicaSets, deployment.Namespace())
            .Where(rs => rs.IsControlledBy(deployment) && rs.Uid() != current.Uid())
            .OrderBy(Revision)
            .ToList();
        foreach (var rs in old.Take(Math.Max(0, old.Count - (int)limit)))
        {
            store.Delete(ResourceCatalog.ReplicaSets, rs.Namespace(), rs.Name());
            CollectDependents(ResourceCatalog.ReplicaSets, rs);
        }
    }

    private JsonObject DeploymentStatus(JsonObject deployment, long replicas)
    {
        var now = ObjectMetadata.Timestamp(store.Time.GetUtcNow());
        var existing = deployment["status"]?["conditions"] as JsonArray;
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = existing?.FirstOrDefault(c => c.GetString("type") == type)?.GetString("lastTransitionTime") ?? now,
            ["reason"] = reason,
            ["message"] = message,
        };
        var current = store.List(ResourceCatalog.ReplicaSets, deployment.Namespace())
            .FirstOrDefault(rs => rs.IsControlledBy(deployment) && rs["spec"].GetInteger("replicas") == replicas && Revision(rs) == MaxRevision(deployment));
        return new JsonObject
        {
            ["observedGeneration"] = deployment.Metadata().GetInteger("generation") ?? 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["conditions"] = new JsonArray(
                Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                Condition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{current?.Name()}\" has successfully progressed.")),
        };
    }

    private long MaxRevision(JsonObject deployment) =>
        store.List(ResourceCatalog.ReplicaSets, deployment.Namespace()).Where(rs => rs.IsControlledBy(deployment)).Select(Revision).DefaultIfEmpty(0).Max();

    private void ReconcileReplicaSet(string @namespace, string name)
    {
        var replicaSet = store.Get(ResourceCatalog.ReplicaSets, @namespace, name);
        if (replicaSet is null)
        {
            return;
        }
        var replicas = replicaSet["spec"].GetInteger("replicas") ?? 1;
        var pods = store.List(ResourceCatalog.Pods, @namespace).Where(p => p.IsControlledBy(replicaSet)).ToList();
        for (var i = pods.Count; i < replicas; i++)
        {
            CreatePod(replicaSet);
        }
        foreach (var extra in pods.OrderByDescending(p => p.Metadata().GetString("creationTimestamp")).ThenByDescending(p => p.Name()).Take(Math.Max(0, pods.Count - (int)replicas)))
        {
            store.Delete(ResourceCatalog.Pods, @namespace, extra.Name());
        }
        replicaSet = store.GetRequired(ResourceCatalog.ReplicaSets, @namespace, name);
        replicaSet["status"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["fullyLabeledReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["observedGeneration"] = replicaSet.Metadata().GetInteger("generation") ?? 1,
        };
        replicaSet.Metadata().Remove("resourceVersion");
        store.Update(ResourceCatalog.ReplicaSets, replicaSet);
    }

    private void CreatePod(JsonObject replicaSet)
    {
        var template = replicaSet["spec"]!["template"]!;
        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = $"{replicaSet.Name()}-{RandomSuffix()}";
        metadata["namespace"] = replicaSet.Namespace();
        metadata["ownerReferences"] = new JsonArray(ObjectMetadata.OwnerReference(replicaSet, "apps/v1", "ReplicaSet"));
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]!.DeepClone(),
        };
        PodLifecycle.Start(pod, store.Time);
        store.Create(ResourceCatalog.Pods, pod);
    }

    private void Write(ResourceType type, JsonObject obj)
    {
        obj.Metadata().Remove("resourceVersion");
        if (obj.Uid().Length == 0)
        {
            store.Create(type, obj);
        }
        else
        {
            store.Update(type, obj);
        }
        ReconcileReplicaSet(obj.Namespace(), obj.Name());
    }

    private static string? Controller(JsonObject obj) =>
        (obj.Metadata()["ownerReferences"] as JsonArray)?.FirstOrDefault(r => r.GetBoolean("controller"))?.GetString("name");

    private static long Revision(JsonObject replicaSet) =>
        long.TryParse(replicaSet.Annotations().GetValueOrDefault(RevisionAnnotation), CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>
    /// A stable hash of the pod template, spelled with the "safe" alphabet of k8s.io/apimachinery/pkg/util/rand.
    /// Keys are sorted and nulls dropped, so a template that comes back through a Go client (which writes
    /// <c>creationTimestamp: null</c>) hashes like the original and <c>rollout undo</c> finds its ReplicaSet.
    /// </summary>
    public static string TemplateHash(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        if (copy["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(TemplateHashLabel);
        }
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(copy)))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(c => SafeAlphabet[c - '0']));
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(',', obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(',', array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    public static string RandomSuffix() =>
        string.Concat(Enumerable.Range(0, 5).Select(_ => SafeAlphabet[Random.Shared.Next(SafeAlphabet.Length)]));
}
