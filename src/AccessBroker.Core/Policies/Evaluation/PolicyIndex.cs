namespace AccessBroker.Core.Policies;

/// <summary>
/// The policies that can apply to a (role, user) pair, found by dictionary look-ups instead of a scan:
/// per role, the policies naming each group, each user, and those open to everyone. Entries are ordinals in
/// <see cref="PolicySet.Policies"/>. A policy naming two of a user's groups is found twice; evaluating it twice
/// gives the same answer, which is cheaper than de-duplicating on every decision.
/// </summary>
internal sealed class PolicyIndex
{
    private readonly Dictionary<string, RoleEntry> _byRole = new(StringComparer.Ordinal);

    public PolicyIndex(IReadOnlyList<AccessPolicy> policies)
    {
        var builders = new Dictionary<string, RoleEntryBuilder>(StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < policies.Count; ordinal++)
        {
            var policy = policies[ordinal];
            foreach (var role in policy.Roles.Distinct(StringComparer.Ordinal))
            {
                if (!builders.TryGetValue(role, out var builder))
                {
                    builders[role] = builder = new RoleEntryBuilder();
                }

                builder.Add(policy.Subjects, ordinal);
            }
        }

        foreach (var (role, builder) in builders)
        {
            _byRole[role] = builder.Build();
        }
    }

    public bool TryGetRole(string role, out RoleEntry entry) => _byRole.TryGetValue(role, out entry!);

    internal sealed record RoleEntry(
        int[] Everyone,
        Dictionary<string, int[]> ByUser,
        Dictionary<string, int[]> ByGroup);

    private sealed class RoleEntryBuilder
    {
        private readonly List<int> _everyone = [];
        private readonly Dictionary<string, List<int>> _byUser = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _byGroup = new(StringComparer.Ordinal);

        public void Add(SubjectSelector subjects, int ordinal)
        {
            if (subjects.IncludesEveryone)
            {
                _everyone.Add(ordinal);
                return;
            }

            AddAll(_byUser, subjects.Users, ordinal);
            AddAll(_byGroup, subjects.Groups, ordinal);
        }

        public RoleEntry Build() => new(
            [.. _everyone],
            _byUser.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            _byGroup.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

        private static void AddAll(Dictionary<string, List<int>> index, IReadOnlyList<string> keys, int ordinal)
        {
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(key, out var ordinals))
                {
                    index[key] = ordinals = [];
                }

                ordinals.Add(ordinal);
            }
        }
    }
}
