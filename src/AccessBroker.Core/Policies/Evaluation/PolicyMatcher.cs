using AccessBroker.Core.Policies.Cel;

namespace AccessBroker.Core.Policies;

internal enum PolicyMatch
{
    NotMatched,

    /// <summary>Matches in every respect but the asked duration is longer than its maxDuration.</summary>
    DurationExceeded,
    Matched,
}

/// <summary>
/// Checks one policy against one request in the documented order (subject, cluster, namespace, role, conditions,
/// duration). The reason string is only built when explaining, so the decision path does not allocate.
/// When the index found the policy by the user's name, subject or one of their groups, the subject rule is already
/// known to hold and <c>subjectMatched</c> skips it.
/// </summary>
internal static class PolicyMatcher
{
    public static PolicyMatch Check(AccessPolicy policy, in CelContext context, bool explain, bool subjectMatched, out string? reason)
    {
        reason = null;
        var user = context.User;
        var request = context.Request;
        if (!subjectMatched && !policy.Subjects.Matches(user))
        {
            reason = explain ? SubjectReason(policy.Subjects, user) : null;
            return PolicyMatch.NotMatched;
        }

        if (!Glob.AnyMatch(policy.Clusters, request.Cluster))
        {
            reason = explain ? $"cluster {request.Cluster} not in {List(policy.Clusters)}" : null;
            return PolicyMatch.NotMatched;
        }

        if (!Glob.AnyMatch(policy.Namespaces, request.Namespace))
        {
            reason = explain ? $"namespace {request.Namespace} not in {List(policy.Namespaces)}" : null;
            return PolicyMatch.NotMatched;
        }

        if (!Contains(policy.Roles, request.Role))
        {
            reason = explain ? $"role {request.Role} not in {List(policy.Roles)}" : null;
            return PolicyMatch.NotMatched;
        }

        for (var i = 0; i < policy.Conditions.Count; i++)
        {
            var condition = policy.Conditions[i];
            try
            {
                if (!condition.Program.Evaluate(in context))
                {
                    reason = explain ? $"condition {i + 1} false: {condition.Message}" : null;
                    return PolicyMatch.NotMatched;
                }
            }
            catch (CelEvaluationException e)
            {
                reason = explain ? $"condition {i + 1} error: {e.Message}" : null;
                return PolicyMatch.NotMatched;
            }
        }

        if (policy.MaxDuration is { } maxDuration && request.Duration > maxDuration)
        {
            reason = explain
                ? $"duration {PolicyDuration.Format(request.Duration)} exceeds maxDuration {PolicyDuration.Format(maxDuration)}"
                : null;
            return PolicyMatch.DurationExceeded;
        }

        reason = explain ? MatchedReason(policy) : null;
        return PolicyMatch.Matched;
    }

    private static string MatchedReason(AccessPolicy policy) => policy.Approval.Mode switch
    {
        ApprovalMode.Deny => "matches: denies",
        ApprovalMode.Auto => $"matches: approved at once, maxDuration {PolicyDuration.Format(policy.MaxDuration!.Value)}",
        _ => $"matches: needs {policy.Approval.Count} approval(s) from {List(policy.Approval.Groups)}, maxDuration {PolicyDuration.Format(policy.MaxDuration!.Value)}",
    };

    private static string SubjectReason(SubjectSelector subjects, PolicyUser user) =>
        (subjects.Users.Count, subjects.Groups.Count) switch
        {
            (0, _) => $"subject: user not in groups {List(subjects.Groups)}",
            (_, 0) => $"subject: user {user.Name} not in users {List(subjects.Users)}",
            _ => $"subject: user {user.Name} not in users {List(subjects.Users)} nor in groups {List(subjects.Groups)}",
        };

    private static string List<T>(IEnumerable<T> items) => $"[{string.Join(", ", items)}]";

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
