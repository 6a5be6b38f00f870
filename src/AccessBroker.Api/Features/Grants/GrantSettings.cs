namespace AccessBroker.Api.Features.Grants;

/// <summary>Timings of requests and grants (<c>Grants:*</c>).</summary>
public sealed class GrantSettings
{
    public const string SectionName = "Grants";

    /// <summary>How long a request may wait for approvers before it expires.</summary>
    public TimeSpan PendingRequestLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often ended grants and stale requests are looked for; bounds how long a grant outlives its end.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often clusters are swept for AccessBroker objects that no live grant owns.</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A grant still provisioning after this long was interrupted (crash); its objects are swept.</summary>
    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries for a provisioning step that failed for a transient reason, with exponential backoff.</summary>
    public int ProvisioningAttempts { get; set; } = 4;

    public TimeSpan ProvisioningBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Credentials one user may obtain per minute.</summary>
    public int CredentialsPerMinute { get; set; } = 30;
}
