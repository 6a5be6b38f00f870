using AccessBroker.Api.Features.Audit;

namespace AccessBroker.Api.Portal.Pages.Audit;

/// <summary>One grant's story for a review: approvals, audited steps and the Kubernetes calls made with it.</summary>
public sealed class GrantModel : AuditPageModel
{
    public GrantActivity? Activity { get; private set; }

    public async Task OnGetAsync(Guid id) => Activity = await QueryAsync(new GetGrantActivity(id));
}
