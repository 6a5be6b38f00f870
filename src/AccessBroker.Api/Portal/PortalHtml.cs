using System.Globalization;
using System.Text.Encodings.Web;
using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Core.Policies;
using Microsoft.AspNetCore.Html;

namespace AccessBroker.Api.Portal;

/// <summary>Small pieces of markup the pages share: times (UTC without script, the viewer's zone with it), countdowns, tokens.</summary>
public static class PortalHtml
{
    public static IHtmlContent Time(DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            return new HtmlString("-");
        }

        var utc = value.UtcDateTime;
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{text}\">{text}</time>");
    }

    /// <summary>Time left as text (e.g. <c>1h 59m left</c>); the script counts it down against <c>data-ends</c>.</summary>
    public static IHtmlContent Countdown(DateTimeOffset ends, TimeSpan left)
    {
        var iso = ends.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new HtmlString($"<span class=\"countdown\" data-ends=\"{iso}\">{HtmlEncoder.Default.Encode(Left(left))}</span>");
    }

    public static string Left(TimeSpan left) => left <= TimeSpan.Zero
        ? "ended"
        : left.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}h {left.Minutes}m left")
            : string.Create(CultureInfo.InvariantCulture, $"{left.Minutes}m {left.Seconds}s left");

    public static string Duration(TimeSpan duration) => PolicyDuration.Format(duration);

    /// <summary>The antiforgery field in the same shape as the sign-in pages' (name before value).</summary>
    public static IHtmlContent Antiforgery(HttpContext context) => new HtmlString(HtmlPage.AntiforgeryField(context));

    public static string Approval(ApprovalRequirement approval) => approval.Mode switch
    {
        ApprovalMode.Auto => "granted at once",
        ApprovalMode.Manual => string.Create(CultureInfo.InvariantCulture,
            $"needs {approval.Count} approval{(approval.Count == 1 ? string.Empty : "s")} from {string.Join(" or ", approval.Groups)}"),
        _ => "denied",
    };

    /// <summary>The policy's answer in words: "granted at once", "needs 1 approval from payments-leads", "denied: …".</summary>
    public static string Decision(PolicyDecision decision) => decision.Outcome switch
    {
        DecisionOutcome.Approved => $"Granted at once (policy {decision.Policy}{UpTo(decision)}).",
        DecisionOutcome.PendingApproval when decision.Approval is { } approval => $"Needs approval: {Approval(approval)} (policy {decision.Policy}{UpTo(decision)}).",
        _ => $"Denied: {DeniedReason(decision)}.",
    };

    private static string DeniedReason(PolicyDecision decision) =>
        decision.Policy is not null ? $"policy {decision.Policy} denies it"
        : decision.LongestAllowedDuration is { } longest ? $"no policy allows this duration; the longest allowed is {PolicyDuration.Format(longest)}"
        : "no policy allows this request";

    private static string UpTo(PolicyDecision decision) => decision.MaxDuration is { } max ? $", up to {PolicyDuration.Format(max)}" : string.Empty;
}
