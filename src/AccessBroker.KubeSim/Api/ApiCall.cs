using System.Text.Json;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Auth;

namespace AccessBroker.KubeSim.Api;

/// <summary>One authenticated, authorized API request on its way to a handler.</summary>
internal sealed class ApiCall(HttpContext http, RequestInfo info, UserInfo user)
{
    public HttpContext Http => http;
    public RequestInfo Info => info;
    public UserInfo User => user;
    public CancellationToken Aborted => http.RequestAborted;

    public string? Query(string name) => http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public WriteOptions WriteOptions() => new(Query("fieldValidation") ?? "Warn", Query("dryRun") == "All", user);

    public async Task<JsonNode> ReadJsonAsync()
    {
        var contentType = http.Request.ContentType ?? "";
        if (contentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, Aborted);
            return ProtobufRequestBody.Decode(buffer.ToArray());
        }
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: Aborted)
                ?? throw KubeApiException.BadRequest("the request body is empty");
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    public async Task<JsonObject> ReadObjectAsync() =>
        await ReadJsonAsync() as JsonObject
        ?? throw KubeApiException.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");

    public Task RespondAsync(int code, JsonNode body, IEnumerable<string>? warnings = null)
    {
        foreach (var warning in warnings ?? [])
        {
            // RFC 7234 warn-code 299 with agent "-", as the API server sends admission and field warnings.
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
        return WriteJsonAsync(http, code, body);
    }

    public static async Task WriteJsonAsync(HttpContext http, int code, JsonNode body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}
