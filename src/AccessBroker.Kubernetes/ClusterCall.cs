using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace AccessBroker.Kubernetes;

/// <summary>Runs one cluster call and turns its failures into <see cref="ClusterException"/> with the cluster's own message.</summary>
internal static class ClusterCall
{
    public static async Task<T> RunAsync<T>(string cluster, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException exception)
        {
            var status = (int)exception.Response.StatusCode;
            throw new ClusterException(cluster, status, StatusMessage(exception) ?? exception.Message, IsTransient(exception.Response.StatusCode), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ClusterException(cluster, null, $"cluster '{cluster}' is not reachable: {exception.Message}", isTransient: true, exception);
        }
        catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            throw new ClusterException(cluster, null, $"cluster '{cluster}' did not answer in time", isTransient: true, exception);
        }
    }

    public static Task RunAsync(string cluster, Func<Task> call) =>
        RunAsync(cluster, async () =>
        {
            await call();
            return true;
        });

    /// <summary>Runs a delete and treats 404 as done, so revocation and clean-up can be repeated safely.</summary>
    public static async Task DeleteAsync(string cluster, Func<Task> call)
    {
        try
        {
            await RunAsync(cluster, call);
        }
        catch (ClusterException exception) when (exception.StatusCode == (int)HttpStatusCode.NotFound)
        {
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static string? StatusMessage(HttpOperationException exception)
    {
        try
        {
            using var status = JsonDocument.Parse(exception.Response.Content ?? string.Empty);
            return status.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
