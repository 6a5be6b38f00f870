using System.Security.Claims;
using System.Text.Json;
using AccessBroker.Api.Settings;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Requests;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Identity;

/// <summary>The signed-in caller of this HTTP request, read from the validated access token's claims.</summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor, IOptions<AuthenticationSettings> authentication, IOptions<AuthorizationSettings> authorization)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string Subject => Principal.FindFirstValue("sub") ?? throw new InvalidOperationException("The caller is not authenticated.");

    public Person Person => new(
        Subject,
        Principal.FindFirstValue("name") ?? Principal.FindFirstValue("preferred_username") ?? Subject,
        Principal.FindFirstValue("email"),
        Groups);

    public IReadOnlyList<string> Groups => ReadGroups(Principal, authentication.Value.GroupsClaim);

    /// <summary>The caller as the audit log records them, with the client's address and user agent.</summary>
    public AuditActor AuditActor
    {
        get
        {
            var person = Person;
            var context = accessor.HttpContext;
            return new AuditActor(person.Subject, person.Name, person.Groups,
                context?.Connection.RemoteIpAddress?.ToString(), context?.Request.Headers.UserAgent.ToString());
        }
    }

    public bool IsAdmin => Groups.Any(authorization.Value.AdminGroups.Contains);

    public bool IsAuditor => IsAdmin || Groups.Any(authorization.Value.AuditorGroups.Contains);

    /// <summary>
    /// Providers send groups either as one claim per group or as a single JSON array claim; both are accepted.
    /// </summary>
    internal static IReadOnlyList<string> ReadGroups(ClaimsPrincipal principal, string claimType)
    {
        var groups = new List<string>();
        foreach (var claim in principal.FindAll(claimType))
        {
            if (claim.Value.StartsWith('['))
            {
                groups.AddRange(JsonSerializer.Deserialize<string[]>(claim.Value) ?? []);
            }
            else
            {
                groups.Add(claim.Value);
            }
        }

        return groups.Distinct(StringComparer.Ordinal).ToArray();
    }
}
