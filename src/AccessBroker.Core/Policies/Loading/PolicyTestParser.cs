using System.Globalization;
using AccessBroker.Core.Policies.Testing;

namespace AccessBroker.Core.Policies;

internal static class PolicyTestParser
{
    private static readonly Dictionary<string, DecisionOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["approved"] = DecisionOutcome.Approved,
        ["pendingApproval"] = DecisionOutcome.PendingApproval,
        ["denied"] = DecisionOutcome.Denied,
    };

    public static IEnumerable<PolicyTestCase> Parse(YamlMapping spec, string suite, PolicyDocuments documents)
    {
        foreach (var (node, path) in spec.Sequence("cases", requireItems: true))
        {
            var testCase = YamlMapping.Open(spec.Errors, node, path, "name", "user", "request", "now", "expect");
            if (testCase is not null && ParseCase(testCase, suite, documents) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    private static PolicyTestCase? ParseCase(YamlMapping testCase, string suite, PolicyDocuments documents)
    {
        var name = testCase.String("name", required: true);
        var user = ParseUser(testCase.Mapping("user", required: true, "name", "subject", "email", "groups"));
        var request = ParseRequest(testCase.Mapping("request", required: true, "cluster", "namespace", "role", "duration", "reason"));
        var now = ParseNow(testCase);
        var expect = testCase.Mapping("expect", required: true, "outcome", "policy");
        var outcomeText = expect?.String("outcome", required: true);
        DecisionOutcome outcome = default;
        if (expect is not null && outcomeText is not null && !Outcomes.TryGetValue(outcomeText, out outcome))
        {
            expect.Errors.Add(expect.NodeOf("outcome"), $"{expect.FieldPath("outcome")}: expected one of {string.Join(", ", Outcomes.Keys)}, found '{outcomeText}'");
            return null;
        }

        var policy = expect?.String("policy", required: false);
        if (policy is not null)
        {
            documents.ReferToPolicy(policy, expect!.NodeOf("policy"), expect.Errors);
        }

        return name is null || user is null || request is null || outcomeText is null
            ? null
            : new PolicyTestCase(suite, name, user, request, now, outcome, policy, testCase.Errors.PositionOf(testCase.Node));
    }

    private static PolicyUser? ParseUser(YamlMapping? user)
    {
        var name = user?.String("name", required: true);
        if (user is null || name is null)
        {
            return null;
        }

        return new PolicyUser(
            user.String("subject", required: false) ?? name,
            name,
            user.String("email", required: false) ?? string.Empty,
            user.Strings("groups", requireItems: false));
    }

    private static PolicyRequest? ParseRequest(YamlMapping? request)
    {
        if (request is null)
        {
            return null;
        }

        var cluster = request.String("cluster", required: true);
        var @namespace = request.String("namespace", required: true);
        var role = request.String("role", required: true);
        var durationText = request.String("duration", required: true);
        var reason = request.String("reason", required: false) ?? string.Empty;
        var duration = TimeSpan.Zero;
        if (durationText is not null && !PolicyDuration.TryParse(durationText, out duration))
        {
            request.Errors.Add(request.NodeOf("duration"), $"{request.FieldPath("duration")}: expected a duration like 30m, 4h or 1h30m, found '{durationText}'");
            return null;
        }

        return cluster is null || @namespace is null || role is null || durationText is null
            ? null
            : new PolicyRequest(cluster, @namespace, role, duration, reason);
    }

    private static DateTimeOffset? ParseNow(YamlMapping testCase)
    {
        var text = testCase.String("now", required: false);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
        {
            return now;
        }

        testCase.Errors.Add(testCase.NodeOf("now"), $"{testCase.FieldPath("now")}: expected an RFC 3339 time like 2026-01-31T18:00:00Z, found '{text}'");
        return null;
    }
}
