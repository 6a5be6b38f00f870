using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AccessBroker.Api.Features.Audit;

/// <summary>Checks the bearer token a cluster's API server presents against <c>Clusters:&lt;name&gt;:AuditWebhookToken</c>.</summary>
internal static partial class KubeAuditWebhookToken
{
    public static bool Accepts(IConfiguration configuration, string cluster, string? authorization)
    {
        if (!ClusterName().IsMatch(cluster)
            || configuration[$"Clusters:{cluster}:AuditWebhookToken"] is not { Length: > 0 } expected
            || authorization is null
            || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Comparing fixed-length digests in constant time leaks neither the token's content nor its length through timing.
        var presented = authorization["Bearer ".Length..].Trim();
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex ClusterName();
}
