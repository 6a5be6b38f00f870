using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AccessBroker.Cli.Auth;

/// <summary>
/// Calls a broker with the signed-in user's token and turns RFC 9457 problem answers into a <see cref="CliException"/>
/// carrying the problem, so each command only says what it asks for.
/// </summary>
internal sealed class BrokerClient(HttpClient http, SignedInSession session, Uri server)
{
    public const string PolicyDeniedProblem = "urn:accessbroker:problem:policy-denied";

    public Uri Server { get; } = server;

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, body: null, headers: null, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, body: null, headers: null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>
    /// Copies a (possibly very large) answer to <paramref name="destination"/> as it arrives, without buffering it:
    /// the call returns once the headers are in, so a failure is still a problem answer, not half a body.
    /// </summary>
    public async Task CopyToAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, body: null, headers: null, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        await content.CopyToAsync(destination, cancellationToken);
    }

    public async Task<JsonElement> PostAsync(
        string path, object? body, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, headers, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        object? body,
        IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var token = await session.GetAccessTokenAsync(Server, cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri(Server, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException($"cannot reach {Server}: {exception.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw SignedInSession.NotSignedIn(Server);
            }

            throw await ProblemAsync(response, path, cancellationToken);
        }
    }

    private static async Task<CliException> ProblemAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        JsonElement? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
        }

        var title = Text(problem, "title");
        var detail = Text(problem, "detail");
        var message = (title, detail) switch
        {
            (null, null) => $"the broker answered {status} to /{path}.",
            (_, null) => $"{title}.",
            (null, _) => detail!,
            _ => $"{title}: {detail}",
        };
        var exitCode = Text(problem, "type") == PolicyDeniedProblem ? ExitCodes.Denied
            : response.StatusCode == HttpStatusCode.BadRequest ? ExitCodes.InvalidInput
            : ExitCodes.Failure;
        return new CliException(message, exitCode) { Problem = problem };
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;
}
