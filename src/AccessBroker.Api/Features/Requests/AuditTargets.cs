using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;

namespace AccessBroker.Api.Features.Requests;

internal static class AuditTargets
{
    public static AuditTarget Target(this AccessRequest request) => new(request.Cluster, request.Namespace, "AccessRequest", request.Role);

    public static AuditTarget Target(this Grant grant) => new(grant.Cluster, grant.Namespace, "Grant", grant.Role);
}
