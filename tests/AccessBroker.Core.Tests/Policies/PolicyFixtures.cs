using AccessBroker.Core.Policies;

namespace AccessBroker.Core.Tests.Policies;

/// <summary>Policy files for tests: three role templates and helpers to write policies beside them.</summary>
internal static class PolicyFixtures
{
    public const string RoleTemplates = """
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: view
        spec:
          description: Read most objects.
          rules:
            - apiGroups: ["", apps]
              resources: [pods, pods/log, deployments]
              verbs: [get, list, watch]
          actions: [logs]
        ---
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: troubleshoot
        spec:
          rules:
            - apiGroups: [""]
              resources: [pods/exec]
              resourceNames: [api-0]
              verbs: [create]
            - nonResourceURLs: [/healthz]
              verbs: [get]
          actions: [logs, exec]
        ---
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: operate
        spec:
          rules:
            - apiGroups: [apps]
              resources: [deployments/scale]
              verbs: [patch]
        """;

    /// <summary>A valid AccessPolicy spec; inside a document built by <see cref="Policy"/> it starts on line 6.</summary>
    public const string PaymentsSpec = """
          subjects: { groups: [payments-devs], users: [alice] }
          clusters: ["prod-*", staging]
          namespaces: [payments, "payments-*"]
          roles: [troubleshoot, operate]
          maxDuration: 1h30m
          approval:
            mode: manual
            approvers: { groups: [payments-leads], count: 2 }
          conditions:
            - expression: 'request.reason.matches("^INC-[0-9]+")'
              message: reason must name an incident
        """;

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>An AccessPolicy document; <paramref name="spec"/> is the YAML of its spec, indented by two spaces.</summary>
    public static string Policy(string name, string spec) => $"""
        apiVersion: accessbroker.io/v1
        kind: AccessPolicy
        metadata:
          name: {name}
        spec:
        {spec}
        """;

    public static PolicySet LoadSet(params string[] policyDocuments)
    {
        var result = Load(policyDocuments);
        result.Errors.ShouldBeEmpty();
        return result.Set!;
    }

    public static PolicyLoadResult Load(params string[] policyDocuments) => PolicyLoader.Load(
    [
        new PolicySourceFile("roles.yaml", RoleTemplates),
        new PolicySourceFile("policies.yaml", string.Join("\n---\n", policyDocuments)),
    ]);

    public static PolicyUser User(string name, params string[] groups) => new($"sub-{name}", name, $"{name}@example.com", groups);

    public static PolicyRequest Request(string cluster = "prod-eu", string @namespace = "payments", string role = "troubleshoot", string duration = "1h", string reason = "INC-42 checkout errors")
    {
        PolicyDuration.TryParse(duration, out var parsed).ShouldBeTrue();
        return new PolicyRequest(cluster, @namespace, role, parsed, reason);
    }
}
