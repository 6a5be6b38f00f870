using AccessBroker.Api.Features.Requests;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Portal.Pages;

/// <summary>Requests waiting for the caller's answer (never their own: ListRequests leaves those out); approve or deny with a comment.</summary>
public sealed class ApprovalsModel : PortalPageModel
{
    public IReadOnlyList<RequestSummary> Waiting { get; private set; } = [];

    public async Task OnGetAsync() =>
        Waiting = (await QueryAsync(new ListRequests(null, ListRequests.MaxLimit, AwaitingMe: true)))?.Items ?? [];

    public Task<IActionResult> OnPostApproveAsync(Guid id, string? comment) => ReviewAsync(id, approve: true, comment);

    public Task<IActionResult> OnPostDenyAsync(Guid id, string? comment) => ReviewAsync(id, approve: false, comment);

    private async Task<IActionResult> ReviewAsync(Guid id, bool approve, string? comment)
    {
        var reviewed = await CommandAsync(new ReviewRequest(id, approve, string.IsNullOrWhiteSpace(comment) ? null : comment));
        if (reviewed is null)
        {
            return await PageAfterFailureAsync(OnGetAsync);
        }

        var what = $"{reviewed.Requester.Name}'s request for {reviewed.Role} on {reviewed.Cluster}/{reviewed.Namespace}";
        return Done(
            approve
                ? reviewed.Grant is not null ? $"Approved {what}; the grant is {reviewed.Grant.Status.ToString().ToLowerInvariant()}." : $"Approved {what}; it needs more approvals."
                : $"Denied {what}.",
            "/portal/approvals");
    }
}
