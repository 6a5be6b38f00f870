using System.Net;
using System.Net.WebSockets;
using k8s;

namespace AccessBroker.Kubernetes;

/// <summary>
/// KubernetesClient's WebSocket builder for one exec, turning a refused upgrade into a <see cref="ClusterException"/>
/// with the server's status code. .NET's WebSocket client reports a refusal only as "status code 403 when 101 was
/// expected" and does not expose the response body, so the cluster's own Status message cannot be kept; the
/// message says what the status means for an exec instead.
/// </summary>
internal sealed class ExecUpgradeBuilder : WebSocketBuilder
{
    private readonly string cluster;
    private readonly string @namespace;
    private readonly string pod;

    public ExecUpgradeBuilder(string cluster, string @namespace, string pod)
    {
        (this.cluster, this.@namespace, this.pod) = (cluster, @namespace, pod);
        Options.CollectHttpResponseDetails = true;
    }

    public override async Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await base.BuildAndConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException exception) when (WebSocket.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
        {
            var status = WebSocket.HttpStatusCode;
            throw new ClusterException(cluster, (int)status, Describe(status), status is HttpStatusCode.TooManyRequests || (int)status >= 500, exception);
        }
    }

    private string Describe(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => $"cluster '{cluster}' did not accept the grant's token (401 Unauthorized)",
        HttpStatusCode.Forbidden => $"cluster '{cluster}' refused the exec into pod '{pod}' in namespace '{@namespace}' (403 Forbidden): the grant's role must allow get and create on pods/exec",
        HttpStatusCode.NotFound => $"pod '{pod}' was not found in namespace '{@namespace}' (404 Not Found)",
        HttpStatusCode.BadRequest => $"cluster '{cluster}' rejected the exec into pod '{pod}' (400 Bad Request); is the container name right?",
        _ => $"cluster '{cluster}' answered the exec into pod '{pod}' with {(int)status} {status}",
    };
}
