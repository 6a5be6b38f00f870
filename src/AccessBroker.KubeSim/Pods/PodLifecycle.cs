using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;
using AccessBroker.KubeSim.Workloads;

namespace AccessBroker.KubeSim.Pods;

/// <summary>
/// What scheduler and kubelet would do to a new pod: it lands on the one simulated node and is reported
/// Running and Ready at once, with a container status per container.
/// </summary>
internal static class PodLifecycle
{
    public const string NodeName = "kubesim-node";

    public static void Start(JsonObject pod, TimeProvider time)
    {
        WorkloadDefaults.Apply("Pod", pod);
        var spec = pod["spec"]!.AsObject();
        spec["nodeName"] ??= NodeName;
        spec["serviceAccountName"] ??= "default";
        spec["serviceAccount"] ??= spec["serviceAccountName"]!.DeepClone();
        var now = ObjectMetadata.Timestamp(time.GetUtcNow());
        var containerStatuses = new JsonArray();
        foreach (var container in spec["containers"] as JsonArray ?? [])
        {
            containerStatuses.Add(new JsonObject
            {
                ["name"] = container.GetString("name"),
                ["image"] = container.GetString("image"),
                ["imageID"] = "",
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            });
        }
        JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(Condition("Initialized"), Condition("Ready"), Condition("ContainersReady"), Condition("PodScheduled")),
            ["hostIP"] = "10.0.0.1",
            ["podIP"] = $"10.244.0.{Random.Shared.Next(2, 250)}",
            ["startTime"] = now,
            ["containerStatuses"] = containerStatuses,
            ["qosClass"] = "BestEffort",
        };
    }
}
