namespace AccessBroker.Testing;

/// <summary>
/// A small policy set for the test cluster <c>sandbox</c>: payments-devs view at once (auto) and troubleshoot
/// with one payments-leads approval, in namespaces payments and checkout; operate (the brokered actions) at once
/// in payments.
/// </summary>
public static class TestPolicies
{
    public const string Yaml = """
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: view
        spec:
          description: Read pods and logs.
          rules:
            - apiGroups: [""]
              resources: [pods, pods/log]
              verbs: [get, list, watch]
          actions: [logs]
        ---
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: troubleshoot
        spec:
          description: Read pods and logs, exec into pods.
          rules:
            - apiGroups: [""]
              resources: [pods, pods/log]
              verbs: [get, list, watch]
            - apiGroups: [""]
              resources: [pods/exec]
              verbs: [create, get]
          actions: [logs, exec]
        ---
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: operate
        spec:
          description: Run the brokered actions on Deployments and pods.
          rules:
            - apiGroups: [apps]
              resources: [deployments]
              verbs: [get, list, patch, update]
            - apiGroups: [apps]
              resources: [deployments/scale]
              verbs: [get, update, patch]
            - apiGroups: [apps]
              resources: [replicasets]
              verbs: [get, list]
            - apiGroups: [""]
              resources: [pods, pods/log]
              verbs: [get, list]
            - apiGroups: [""]
              resources: [pods/exec]
              verbs: [create, get]
          actions: [scale, rollback, restart, exec, logs]
        ---
        apiVersion: accessbroker.io/v1
        kind: AccessPolicy
        metadata:
          name: operate-at-once
        spec:
          subjects: { groups: [payments-devs] }
          clusters: [sandbox]
          namespaces: [payments]
          roles: [operate]
          maxDuration: 2h
          approval:
            mode: auto
        ---
        apiVersion: accessbroker.io/v1
        kind: AccessPolicy
        metadata:
          name: view-at-once
        spec:
          subjects: { groups: [payments-devs] }
          clusters: [sandbox]
          namespaces: [payments, checkout]
          roles: [view]
          maxDuration: 8h
          approval:
            mode: auto
        ---
        apiVersion: accessbroker.io/v1
        kind: AccessPolicy
        metadata:
          name: troubleshoot-with-lead
        spec:
          subjects: { groups: [payments-devs] }
          clusters: [sandbox]
          namespaces: [payments, checkout]
          roles: [troubleshoot]
          maxDuration: 4h
          approval:
            mode: manual
            approvers: { groups: [payments-leads], count: 1 }
        """;

    /// <summary>Writes the set into a new temporary folder and returns its path.</summary>
    public static string WriteToTemporaryFolder()
    {
        var directory = Directory.CreateTempSubdirectory("accessbroker-policies-").FullName;
        File.WriteAllText(Path.Combine(directory, "policies.yaml"), Yaml);
        return directory;
    }
}
