using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Pods;

/// <summary>
/// <c>GET pods/NAME/log</c>: plain text with made-up but stable lines per container, <c>tailLines</c>,
/// <c>timestamps</c>, and <c>follow</c>, which keeps the response open until the pod is deleted or the client leaves.
/// </summary>
internal sealed class PodLogs
{
    private readonly ObjectStore _store;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _podGone = new();

    public PodLogs(ObjectStore store)
    {
        _store = store;
        _store.Deleted += (type, obj) =>
        {
            if (type.Kind == "Pod" && _podGone.TryRemove(obj.Uid(), out var gone))
            {
                gone.TrySetResult();
            }
        };
    }

    public async Task HandleAsync(ApiCall call)
    {
        var pod = _store.GetRequired(ResourceCatalog.Pods, call.Info.Namespace, call.Info.Name);
        var container = PodContainers.Resolve(pod, call.Query("container"));
        var lines = Lines(pod, container);
        if (int.TryParse(call.Query("tailLines"), NumberStyles.None, CultureInfo.InvariantCulture, out var tail))
        {
            lines = lines.Skip(Math.Max(0, lines.Count - tail)).ToList();
        }
        var timestamps = call.Query("timestamps") == "true";
        var response = call.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        foreach (var (time, text) in lines)
        {
            await response.WriteAsync(timestamps ? $"{time} {text}\n" : $"{text}\n", call.Aborted);
        }
        if (call.Query("follow") != "true")
        {
            return;
        }
        await response.Body.FlushAsync(call.Aborted);
        var gone = _podGone.GetOrAdd(pod.Uid(), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_store.Get(ResourceCatalog.Pods, pod.Namespace(), pod.Name())?.Uid() != pod.Uid())
        {
            return;
        }
        try
        {
            await gone.Task.WaitAsync(call.Aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing more to send.
        }
    }

    private static List<(string Time, string Text)> Lines(JsonObject pod, JsonObject container)
    {
        var started = DateTimeOffset.TryParse(pod["status"].GetString("startTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : DateTimeOffset.UnixEpoch;
        var name = container.GetString("name");
        string[] texts =
        [
            $"kubesim: simulated container \"{name}\" of pod {pod.Namespace()}/{pod.Name()} started from image {container.GetString("image")}",
            "loading configuration",
            "listening on :8080",
            "GET /healthz 200 1ms",
            "GET /readyz 200 1ms",
            "GET /api/orders 200 12ms",
            "POST /api/orders 201 25ms",
            "GET /healthz 200 1ms",
            "cache refreshed (42 entries)",
            "GET /readyz 200 1ms",
        ];
        return texts.Select((text, i) => (ObjectMetadata.Timestamp(started.AddSeconds(i)), text)).ToList();
    }
}
