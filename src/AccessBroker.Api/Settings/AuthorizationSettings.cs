namespace AccessBroker.Api.Settings;

/// <summary>Which identity-provider groups make someone an auditor or an admin (<c>Authorization:*</c>).</summary>
public sealed class AuthorizationSettings
{
    public const string SectionName = "Authorization";

    public IList<string> AuditorGroups { get; } = [];

    public IList<string> AdminGroups { get; } = [];
}
