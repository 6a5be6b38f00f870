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
            reason = explain ? SubjectReason(policy, user) : null;
            return PolicyMatch.NotMatched;
        }

        if (!Glob.AnyMatch(policy.Clusters, request.Cluster))
        {
            reason = explain ? $"cluster {request.Cluster} not in {policy.ReasonTexts.Clusters}" : null;
            return PolicyMatch.NotMatched;
        }

        if (!Glob.AnyMatch(policy.Namespaces, request.Namespace))
        {
            reason = explain ? $"namespace {request.Namespace} not in {policy.ReasonTexts.Namespaces}" : null;
            return PolicyMatch.NotMatched;
        }

        if (!Contains(policy.Roles, request.Role))
        {
            reason = explain ? $"role {request.Role} not in {policy.ReasonTexts.Roles}" : null;
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

        reason = explain ? policy.ReasonTexts.Matched : null;
        return PolicyMatch.Matched;
    }

    private static string SubjectReason(AccessPolicy policy, PolicyUser user)
    {
        var texts = policy.ReasonTexts;
        return (policy.Subjects.Users.Count, policy.Subjects.Groups.Count) switch
        {
            (0, _) => texts.UserNotInGroups,
            (_, 0) => $"subject: user {user.Name} not in users {texts.Users}",
            _ => $"subject: user {user.Name} not in users {texts.Users} nor in groups {texts.Groups}",
        };
    }

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
