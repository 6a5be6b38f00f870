namespace AccessBroker.Core.Policies;

/// <summary>
/// The parts of a policy's explanation lines that do not depend on the request, formatted once at load time
/// so that explaining every policy of a large set builds one string per policy rather than several.
/// </summary>
internal sealed class PolicyReasonTexts
{
    public PolicyReasonTexts(SubjectSelector subjects, IReadOnlyList<Glob> clusters, IReadOnlyList<Glob> namespaces, IReadOnlyList<string> roles, TimeSpan? maxDuration, ApprovalRequirement approval)
    {
        Users = Bracketed(subjects.Users);
        Groups = Bracketed(subjects.Groups);
        Clusters = Bracketed(clusters);
        Namespaces = Bracketed(namespaces);
        Roles = Bracketed(roles);
        UserNotInGroups = $"subject: user not in groups {Groups}";
        var upTo = maxDuration is { } max ? $", maxDuration {PolicyDuration.Format(max)}" : string.Empty;
        Matched = approval.Mode switch
        {
            ApprovalMode.Deny => "matches: denies",
            ApprovalMode.Auto => $"matches: approved at once{upTo}",
            _ => $"matches: needs {approval.Count} approval(s) from {Bracketed(approval.Groups)}{upTo}",
        };
    }

    public string Users { get; }

    public string Groups { get; }

    public string Clusters { get; }

    public string Namespaces { get; }

    public string Roles { get; }

    public string UserNotInGroups { get; }

    public string Matched { get; }

    private static string Bracketed<T>(IEnumerable<T> items) => $"[{string.Join(", ", items)}]";
}
