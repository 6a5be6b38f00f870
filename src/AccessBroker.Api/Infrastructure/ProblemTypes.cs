namespace AccessBroker.Api.Infrastructure;

/// <summary>Stable ProblemDetails <c>type</c> values that clients can switch on.</summary>
internal static class ProblemTypes
{
    public const string Validation = "urn:accessbroker:problem:validation";
    public const string UnreadableRequest = "urn:accessbroker:problem:unreadable-request";
    public const string NotFound = "urn:accessbroker:problem:not-found";
    public const string Conflict = "urn:accessbroker:problem:conflict";
    public const string Unauthenticated = "urn:accessbroker:problem:unauthenticated";
    public const string Forbidden = "urn:accessbroker:problem:forbidden";
    public const string PolicyDenied = "urn:accessbroker:problem:policy-denied";
    public const string Unavailable = "urn:accessbroker:problem:unavailable";
    public const string ClusterFailed = "urn:accessbroker:problem:cluster-failed";
    public const string ClusterRejected = "urn:accessbroker:problem:cluster-rejected";
    public const string Timeout = "urn:accessbroker:problem:timeout";
    public const string RateLimited = "urn:accessbroker:problem:rate-limited";
    public const string Unexpected = "urn:accessbroker:problem:unexpected";
}
