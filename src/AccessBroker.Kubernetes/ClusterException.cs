namespace AccessBroker.Kubernetes;

/// <summary>
/// A cluster call that did not succeed. <see cref="IsTransient"/> says whether trying again may help
/// (unreachable, 429, 5xx) or the cluster refused (4xx), in which case the message is the cluster's own.
/// </summary>
public sealed class ClusterException : Exception
{
    public ClusterException(string cluster, int? statusCode, string message, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        Cluster = cluster;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    public string Cluster { get; }

    public int? StatusCode { get; }

    public bool IsTransient { get; }
}
