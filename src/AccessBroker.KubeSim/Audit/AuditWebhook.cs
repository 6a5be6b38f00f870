using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace AccessBroker.KubeSim.Audit;

/// <summary>
/// Sends audit.k8s.io/v1 EventLists to a webhook in batches, like the API server's batching webhook backend
/// (--audit-webhook-batch-max-wait): events are queued and posted every interval, or sooner once a batch is full.
/// With a token, each POST carries <c>Authorization: Bearer</c>, as the API server authenticates with the user of its
/// webhook kubeconfig. Delivery is best effort; a failed POST is logged and its batch dropped.
/// </summary>
internal sealed class AuditWebhook : IAsyncDisposable
{
    private const int MaxBatchSize = 400;

    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly HttpClient _http = new();
    private readonly Uri _url;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _sending;

    public AuditWebhook(Uri url, string? token, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        (_url, _interval, _time, _logger) = (url, interval, time, logger);
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        _sending = SendLoopAsync();
    }

    public void Record(JsonObject auditEvent) => _events.Writer.TryWrite(auditEvent);

    private async Task SendLoopAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync())
        {
            var completed = reader.Completion;
            await Task.WhenAny(Task.Delay(_interval, _time), completed);
            while (reader.TryPeek(out _))
            {
                var batch = new JsonArray();
                while (batch.Count < MaxBatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                await PostAsync(batch);
            }
        }
    }

    private async Task PostAsync(JsonArray items)
    {
        var eventList = new JsonObject
        {
            ["kind"] = "EventList",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
        try
        {
            using var response = await _http.PostAsJsonAsync(_url, eventList);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("Audit webhook {Url} answered {StatusCode}; {Count} events dropped", _url, (int)response.StatusCode, items.Count);
            }
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning(e, "Audit webhook {Url} unreachable; {Count} events dropped", _url, items.Count);
        }
    }

    /// <summary>Flushes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _sending;
        _http.Dispose();
    }
}
