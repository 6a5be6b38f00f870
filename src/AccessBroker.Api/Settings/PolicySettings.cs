namespace AccessBroker.Api.Settings;

/// <summary>Where the policy files are (<c>Policies:*</c>).</summary>
public sealed class PolicySettings
{
    public const string SectionName = "Policies";

    /// <summary>Folder of <c>*.yaml</c>/<c>*.yml</c> policy files; a relative path is taken from the content root (the app's folder).</summary>
    public string Directory { get; set; } = "policies";

    /// <summary>Watch the folder and reload on change.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must be quiet before a reload (editors write files in several steps).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
