using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Portal.Pages;

/// <summary>My access: pending requests (cancel), grants in force (time left, kubeconfig, actions, revoke) and history.</summary>
public sealed class AccessModel : PortalPageModel
{
    public IReadOnlyList<RequestSummary> Pending { get; private set; } = [];

    public IReadOnlyList<GrantSummary> Active { get; private set; } = [];

    public IReadOnlyList<GrantSummary> EndedGrants { get; private set; } = [];

    public IReadOnlyList<RequestSummary> ClosedRequests { get; private set; } = [];

    public Uri BrokerUrl => new($"{Request.Scheme}://{Request.Host}{Request.PathBase}/");

    public async Task OnGetAsync()
    {
        var requests = await QueryAsync(new ListRequests(null, ListRequests.MaxLimit));
        var grants = await QueryAsync(new ListGrants(null, Limit: 200));
        Pending = requests?.Items.Where(request => request.Status == AccessRequestStatus.Pending).ToArray() ?? [];
        ClosedRequests = requests?.Items.Where(request => request.Status is AccessRequestStatus.Denied or AccessRequestStatus.Cancelled or AccessRequestStatus.Expired).ToArray() ?? [];
        Active = grants?.Where(grant => grant.Status is GrantStatus.Active or GrantStatus.Provisioning).ToArray() ?? [];
        EndedGrants = grants?.Where(grant => grant.Status is not (GrantStatus.Active or GrantStatus.Provisioning)).ToArray() ?? [];
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id)
    {
        var cancelled = await CommandAsync(new CancelRequest(id, "cancelled in the portal"));
        if (cancelled is null)
        {
            return await PageAfterFailureAsync(OnGetAsync);
        }

        return Done($"Cancelled your request for {cancelled.Role} on {cancelled.Cluster}/{cancelled.Namespace}.", "/portal/access");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason)
    {
        var revoked = await CommandAsync(new RevokeGrant(id, string.IsNullOrWhiteSpace(reason) ? "done (portal)" : reason));
        if (revoked is null)
        {
            return await PageAfterFailureAsync(OnGetAsync);
        }

        return Done($"Revoked {revoked.Role} on {revoked.Cluster}/{revoked.Namespace}: its tokens no longer work.", "/portal/access");
    }
}
