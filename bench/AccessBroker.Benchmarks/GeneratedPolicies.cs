using System.Globalization;
using System.Text;
using AccessBroker.Core.Policies;

namespace AccessBroker.Benchmarks;

/// <summary>
/// A reproducible policy set of a given size with a realistic mix: one team group (sometimes two, sometimes named
/// users) per policy, exact and glob clusters and namespaces, auto/manual/deny approvals, about one policy in five
/// with CEL conditions, and a few company-wide policies (an <c>engineering</c> group, deny for everyone).
/// </summary>
public static class GeneratedPolicies
{
    public static readonly string[] Roles = ["view", "troubleshoot", "operate", "break-glass"];

    private static readonly string[] Clusters = ["staging", "prod-*", "prod-eu", "*", "dev-??"];

    private static readonly string[] Conditions =
    [
        "{ expression: 'request.reason.matches(\"^INC-[0-9]+\")', message: reason must name an incident }",
        "{ expression: 'request.duration <= 7200 && \"oncall\" in user.groups', message: on call only and at most 2h }",
        "{ expression: 'now.getHours() >= 6 && now.getHours() < 22 && request.reason.size() > 5', message: daytime with a reason }",
    ];

    /// <summary>How many team groups a set of <paramref name="policyCount"/> policies has: about four policies per team.</summary>
    public static int TeamCount(int policyCount) => Math.Max(1, policyCount / 4);

    public static PolicySet Create(int policyCount, int seed = 42)
    {
        var result = PolicyLoader.Load([File(policyCount, seed)]);
        return result.Set ?? throw new InvalidOperationException(string.Join('\n', result.Errors));
    }

    /// <summary>The set as one policy file: the role templates, then the policies.</summary>
    public static PolicySourceFile File(int policyCount, int seed = 42)
    {
        var random = new Random(seed);
        var yaml = new StringBuilder(RoleTemplates());
        var teams = TeamCount(policyCount);
        for (var i = 0; i < policyCount; i++)
        {
            yaml.Append("---\n").Append(Policy(i, random, teams));
        }

        return new PolicySourceFile("generated.yaml", yaml.ToString());
    }

    private static string RoleTemplates() => string.Concat(Roles.Select(role => $"""
        ---
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata: {"{"} name: {role} {"}"}
        spec:
          rules: [{"{"} apiGroups: [""], resources: [pods], verbs: [get] {"}"}]

        """));

    private static string Policy(int index, Random random, int teams)
    {
        var team = $"team-{random.Next(teams)}";
        var companyWide = index % 100 == 0;
        var groups = companyWide ? "engineering" : random.Next(5) == 0 ? $"{team}, team-{random.Next(teams)}" : team;
        var users = random.Next(10) == 0 ? $"user-{random.Next(teams)}" : string.Empty;
        var subjects = index % 500 == 1 ? "users: [\"*\"]" : $"groups: [{groups}], users: [{users}]";
        var cluster = Clusters[random.Next(Clusters.Length)];
        var namespaces = random.Next(3) == 0 ? $"[\"{team}-*\"]" : $"[{team}, \"{team}-*\"]";
        var roles = string.Join(", ", Roles.Where(_ => random.Next(2) == 0).DefaultIfEmpty("view"));
        var mode = random.Next(10);
        var approval = mode switch
        {
            < 5 => "{ mode: auto }",
            < 9 => $"{{ mode: manual, approvers: {{ groups: [{team}-leads], count: {1 + random.Next(2)} }} }}",
            _ => "{ mode: deny }",
        };
        var maxDuration = mode == 9 ? string.Empty : $"  maxDuration: {1 + random.Next(8)}h\n";
        var conditions = random.Next(5) == 0 ? Conditions[random.Next(Conditions.Length)] : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: accessbroker.io/v1
            kind: AccessPolicy
            metadata: {"{"} name: policy-{index} {"}"}
            spec:
              subjects: {"{"} {subjects} {"}"}
              clusters: ["{cluster}"]
              namespaces: {namespaces}
              roles: [{roles}]
            {maxDuration}  approval: {approval}
              conditions: [{conditions}]

            """);
    }
}
