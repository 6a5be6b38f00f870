using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Tests.Infrastructure;

/// <summary>A raw HTTP client for KubeSim that trusts only its CA and sends one bearer token.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(KubeSimServer server, string? token)
    {
        var handler = new SocketsHttpHandler();
        if (server.CaCertificatePem.Length > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CaTrust.For(server.CaCertificatePem);
        }
        _http = new HttpClient(handler) { BaseAddress = server.Url };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<ApiResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    public Task<ApiResponse> PatchAsync(string path, JsonNode body, string contentType) =>
        SendAsync(HttpMethod.Patch, path, body.ToJsonString(), contentType);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Opens a streaming GET (e.g. a followed log) and returns the body as it arrives.</summary>
    public async Task<Stream> OpenStreamAsync(string path)
    {
        var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json") =>
        SendAsync(new HttpRequestMessage(method, path), body, contentType);

    public Task<ApiResponse> SendWithHeadersAsync(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return SendAsync(request, null, "application/json");
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request, string? body, string contentType)
    {
        using var disposeRequest = request;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];
        return new ApiResponse(response.StatusCode, text, warnings);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A response: status code, body text, and the body as JSON when it is JSON.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Text, IReadOnlyList<string> Warnings)
{
    public JsonObject Json => JsonNode.Parse(Text)!.AsObject();

    public string? this[string path] => Resolve(path)?.ToString();

    /// <summary>The message of a Status body ("" when there is none).</summary>
    public string Message => this["message"] ?? "";

    /// <summary>A dotted path into the JSON body, e.g. "metadata.name" or "items.0.metadata.name".</summary>
    public JsonNode? Resolve(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                JsonArray array when int.TryParse(part, out var index) => index < array.Count ? array[index] : null,
                JsonObject obj => obj[part],
                _ => null,
            };
        }
        return node;
    }
}
