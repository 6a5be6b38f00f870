using System.Globalization;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence.Audit;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Portal.Pages.Audit;

/// <summary>
/// The audit log: filters, cursor pages newest first, exports of the same filter, and the hash chain's verification.
/// Verifying reads every record, so it runs only when the auditor asks (a POST), never on a plain view.
/// </summary>
public sealed class IndexModel : AuditPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cluster { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Namespace { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Grant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public AuditPage? Records { get; private set; }

    public AuditChainVerification? Verification { get; private set; }

    /// <summary>The filters as a query string (without the cursor), for the next page and the export links.</summary>
    public string FilterQuery => QueryString.Create(new Dictionary<string, string?>
    {
        ["actor"] = Actor, ["action"] = Action, ["cluster"] = Cluster, ["namespace"] = Namespace, ["grant"] = Grant, ["outcome"] = Outcome, ["from"] = From, ["to"] = To,
    }.Where(pair => !string.IsNullOrWhiteSpace(pair.Value))).ToUriComponent().TrimStart('?');

    public async Task OnGetAsync()
    {
        if (Filter() is { } filter)
        {
            Records = await ReadAsync(new ListAuditRecords(filter, 50, string.IsNullOrEmpty(Cursor) ? null : Cursor));
        }
    }

    public async Task OnPostVerifyAsync()
    {
        Verification = await QueryAsync(new VerifyAuditChain());
        await OnGetAsync();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        if (Filter() is not { } filter)
        {
            return Page();
        }

        var export = await ReadAsync(new ExportAuditRecords(filter, format ?? ExportAuditRecords.JsonLines));
        if (export is null)
        {
            return Page();
        }

        return new StreamedFileResult(export.ContentType, export.FileName, export.WriteToAsync);
    }

    private AuditRecordFilter? Filter()
    {
        Guid? grant = null;
        if (!string.IsNullOrWhiteSpace(Grant))
        {
            if (!Guid.TryParse(Grant, out var parsed))
            {
                Invalid("grant", $"'{Grant}' is not a grant id.");
                return null;
            }

            grant = parsed;
        }

        AuditOutcome? outcome = null;
        if (!string.IsNullOrWhiteSpace(Outcome))
        {
            if (!Enum.TryParse<AuditOutcome>(Outcome, ignoreCase: true, out var parsed))
            {
                Invalid("outcome", $"'{Outcome}' is not an outcome.");
                return null;
            }

            outcome = parsed;
        }

        if (!TryTime(From, "from", out var from) || !TryTime(To, "to", out var to))
        {
            return null;
        }

        return new AuditRecordFilter(Blank(Actor), Blank(Action), Blank(Cluster), Blank(Namespace), grant, null, outcome, from, to);
    }

    /// <summary>Times are read as UTC (the form says so): <c>2026-11-25T18:00</c> or with seconds or a zone.</summary>
    private bool TryTime(string? text, string field, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        Invalid(field, $"'{text}' is not a time; write it like 2026-11-25T18:00 (UTC).");
        return false;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
