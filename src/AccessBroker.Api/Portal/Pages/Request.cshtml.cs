using AccessBroker.Api.Features.Me;
using AccessBroker.Api.Features.Policies;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Core.Policies;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Portal.Pages;

/// <summary>Request access: choices from what the user may ask for, the policy's answer on "Check", then CreateRequest.</summary>
public sealed class RequestModel : PortalPageModel
{
    private static readonly string[] DurationSteps = ["15m", "30m", "1h", "2h", "4h", "8h", "12h", "24h"];

    public RequestableAccess Access { get; private set; } = null!;

    public PolicyDecision? Decision { get; private set; }

    [BindProperty]
    public string? Cluster { get; set; }

    [BindProperty]
    public string? Namespace { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? Duration { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Made when the form is first shown, so a double submit creates one request, not two.</summary>
    [BindProperty]
    public string? IdempotencyKey { get; set; }

    public IEnumerable<string> Durations => Access.LongestDuration is { } longest
        ? DurationSteps.Where(step => PolicyDuration.TryParse(step, out var duration) && duration <= longest)
        : [];

    public async Task OnGetAsync(string? cluster, string? @namespace, string? role)
    {
        await LoadAsync();
        Cluster = cluster ?? Access.Clusters.FirstOrDefault();
        Namespace = @namespace ?? Access.Namespaces.FirstOrDefault(pattern => pattern.AsSpan().IndexOfAny('*', '?') < 0);
        Role = role ?? Access.Roles.FirstOrDefault()?.Name;
        Duration = Durations.Contains("1h") ? "1h" : Durations.LastOrDefault();
        IdempotencyKey = Guid.NewGuid().ToString("N");
    }

    public async Task<IActionResult> OnPostCheckAsync()
    {
        await LoadAsync();
        if (Parse() is { } duration)
        {
            Decision = await QueryAsync(new EvaluatePolicy(Cluster ?? string.Empty, Namespace ?? string.Empty, Role ?? string.Empty, duration, Reason, null));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Parse() is not { } duration)
        {
            return Page();
        }

        var created = await CommandAsync(new CreateRequest(
            Cluster ?? string.Empty, Namespace ?? string.Empty, Role ?? string.Empty, duration, Reason ?? string.Empty, IdempotencyKey));
        if (created is null)
        {
            // The refused attempt keeps its key (a denied request is recorded); a corrected one is a new request.
            IdempotencyKey = Guid.NewGuid().ToString("N");
            Decision = Problem?.Extensions?.GetValueOrDefault("decision") as PolicyDecision;
            return Page();
        }

        var request = created.Request;
        var what = $"{request.Role} on {request.Cluster}/{request.Namespace} for {PolicyDuration.Format(request.Duration)}";
        return Done(
            request.Grant is not null ? $"Granted: {what}. It is active now." : $"Requested: {what}. It waits for approval ({request.RequiredApprovals} from {string.Join(" or ", request.ApproverGroups)}).",
            "/portal/access");
    }

    private async Task LoadAsync() => Access = await Mediator.Send(new GetRequestableAccess(), HttpContext.RequestAborted);

    private TimeSpan? Parse()
    {
        if (PolicyDuration.TryParse(Duration, out var duration))
        {
            return duration;
        }

        Invalid("duration", $"'{Duration}' is not a duration; write it like 30m, 1h or 1h30m.");
        return null;
    }
}
