using System.Text.Json;

namespace AccessBroker.Api.Features.Audit;

/// <summary>
/// The fields AccessBroker reads of an <c>audit.k8s.io/v1</c> EventList, as a Kubernetes API server's audit webhook
/// backend posts it (https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/).
/// </summary>
public sealed record KubeAuditEventList(string? Kind, string? ApiVersion, IReadOnlyList<KubeAuditEvent>? Items)
{
    public const string ExpectedKind = "EventList";
    public const string ExpectedApiVersion = "audit.k8s.io/v1";

    internal static async Task<KubeAuditEventList?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await request.ReadFromJsonAsync<KubeAuditEventList>(cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The body is not a readable audit.k8s.io/v1 EventList.", exception);
        }
    }
}

public sealed record KubeAuditEvent(
    string? AuditId,
    string? Stage,
    string? RequestUri,
    string? Verb,
    KubeAuditUser? User,
    IReadOnlyList<string>? SourceIps,
    string? UserAgent,
    KubeAuditObjectReference? ObjectRef,
    KubeAuditResponseStatus? ResponseStatus,
    DateTimeOffset? StageTimestamp);

public sealed record KubeAuditUser(string? Username, IReadOnlyList<string>? Groups, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra);

public sealed record KubeAuditObjectReference(string? Resource, string? Namespace, string? Name, string? ApiGroup, string? Subresource);

public sealed record KubeAuditResponseStatus(int? Code, string? Message);
