using System.Net;
using k8s;
using k8s.Autorest;

namespace AccessBroker.Api.Tests.Fixtures;

internal static class ClusterAssertions
{
    /// <summary>Asserts a cluster call fails with the given HTTP status, as the API server decided.</summary>
    public static async Task ShouldFailWithAsync(this Func<Task> call, HttpStatusCode status)
    {
        var failure = await Should.ThrowAsync<HttpOperationException>(call);
        failure.Response.StatusCode.ShouldBe(status);
    }

    public static Task<k8s.Models.V1PodList> ListPodsAsync(this IKubernetes client, string @namespace) =>
        client.CoreV1.ListNamespacedPodAsync(@namespace, cancellationToken: TestContext.Current.CancellationToken);
}
