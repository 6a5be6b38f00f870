using AccessBroker.Core.Policies.Cel;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Deny-overrides, then least friction: any matching deny policy denies; otherwise, among the matching policies
/// whose maxDuration covers the asked duration, auto beats manual, fewer approvers beat more, then the longer
/// maxDuration, then the policy defined first. No such policy: denied, with the longest duration that matching
/// policies would have allowed.
/// </summary>
internal static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(PolicySet set, PolicyUser user, PolicyRequest request, DateTimeOffset now, bool explain)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var context = new CelContext(user, request, now);
        var selection = new Selection(set.Policies);
        if (explain)
        {
            var explanations = new PolicyExplanation[set.Policies.Count];
            for (var ordinal = 0; ordinal < explanations.Length; ordinal++)
            {
                var match = PolicyMatcher.Check(set.Policies[ordinal], in context, explain: true, subjectMatched: false, out var reason);
                selection.Consider(ordinal, match);
                explanations[ordinal] = new PolicyExplanation(set.Policies[ordinal].Name, match == PolicyMatch.Matched, reason!);
            }

            return selection.Decide(explanations);
        }

        if (set.Index.TryGetRole(request.Role, out var entry))
        {
            ConsiderAll(set, entry.Everyone, in context, ref selection);
            ConsiderKey(set, entry.ByUser, user.Name, in context, ref selection);
            if (!string.Equals(user.Subject, user.Name, StringComparison.Ordinal))
            {
                ConsiderKey(set, entry.ByUser, user.Subject, in context, ref selection);
            }

            for (var i = 0; i < user.Groups.Count; i++)
            {
                ConsiderKey(set, entry.ByGroup, user.Groups[i], in context, ref selection);
            }
        }

        return selection.Decide([]);
    }

    private static void ConsiderKey(PolicySet set, Dictionary<string, int[]> index, string key, in CelContext context, ref Selection selection)
    {
        if (index.TryGetValue(key, out var ordinals))
        {
            ConsiderAll(set, ordinals, in context, ref selection);
        }
    }

    private static void ConsiderAll(PolicySet set, int[] ordinals, in CelContext context, ref Selection selection)
    {
        foreach (var ordinal in ordinals)
        {
            selection.Consider(ordinal, PolicyMatcher.Check(set.Policies[ordinal], in context, explain: false, subjectMatched: true, out _));
        }
    }

    /// <summary>The running choice while policies are checked; the result does not depend on the order they come in.</summary>
    private struct Selection(IReadOnlyList<AccessPolicy> policies)
    {
        private int _deny = -1;
        private int _best = -1;
        private TimeSpan? _longestAllowed;

        public void Consider(int ordinal, PolicyMatch match)
        {
            var policy = policies[ordinal];
            if (match == PolicyMatch.DurationExceeded)
            {
                _longestAllowed = _longestAllowed is { } longest && longest >= policy.MaxDuration ? longest : policy.MaxDuration;
            }
            else if (match == PolicyMatch.Matched && policy.IsDeny)
            {
                _deny = _deny < 0 ? ordinal : Math.Min(_deny, ordinal);
            }
            else if (match == PolicyMatch.Matched && (_best < 0 || HasLessFriction(policy, ordinal, policies[_best], _best)))
            {
                _best = ordinal;
            }
        }

        public readonly PolicyDecision Decide(IReadOnlyList<PolicyExplanation> explanations)
        {
            if (_deny >= 0)
            {
                var deny = policies[_deny];
                return new PolicyDecision(DecisionOutcome.Denied, deny.Name, deny.Approval, null, null, explanations);
            }

            if (_best < 0)
            {
                return new PolicyDecision(DecisionOutcome.Denied, null, null, null, _longestAllowed, explanations);
            }

            var best = policies[_best];
            var outcome = best.Approval.Mode == ApprovalMode.Auto ? DecisionOutcome.Approved : DecisionOutcome.PendingApproval;
            return new PolicyDecision(outcome, best.Name, best.Approval, best.MaxDuration, null, explanations);
        }

        private static bool HasLessFriction(AccessPolicy candidate, int candidateOrdinal, AccessPolicy current, int currentOrdinal)
        {
            if (candidate.Approval.Mode != current.Approval.Mode)
            {
                return candidate.Approval.Mode == ApprovalMode.Auto;
            }

            if (candidate.Approval.Count != current.Approval.Count)
            {
                return candidate.Approval.Count < current.Approval.Count;
            }

            if (candidate.MaxDuration != current.MaxDuration)
            {
                return candidate.MaxDuration > current.MaxDuration;
            }

            return candidateOrdinal < currentOrdinal;
        }
    }
}
