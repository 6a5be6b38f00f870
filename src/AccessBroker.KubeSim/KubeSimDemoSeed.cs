namespace AccessBroker.KubeSim;

/// <summary>
/// The sandbox's demo cluster: namespaces payments, checkout and accessbroker (besides kube-system), each
/// application namespace with two-replica Deployments (and so ReplicaSets and pods), for trying grants on a laptop.
/// </summary>
public static class KubeSimDemoSeed
{
    /// <summary>Multi-document YAML for <see cref="KubeSimOptions.SeedYaml"/>.</summary>
    public static string Yaml { get; } = string.Join("---\n",
        Namespace("payments"),
        Namespace("checkout"),
        Namespace("accessbroker"),
        Deployment("payments", "payments-api", "ghcr.io/example/payments-api:1.4.2"),
        Deployment("payments", "ledger", "ghcr.io/example/ledger:2.0.1"),
        Deployment("checkout", "checkout-web", "ghcr.io/example/checkout-web:3.7.0"),
        Deployment("checkout", "cart", "ghcr.io/example/cart:1.12.5"),
        Deployment("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1"));

    private static string Namespace(string name) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
          labels:
            kubesim.io/demo: "true"

        """;

    private static string Deployment(string @namespace, string name, string image) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {@namespace}
          labels:
            app.kubernetes.io/name: {name}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app.kubernetes.io/name: {name}
          template:
            metadata:
              labels:
                app.kubernetes.io/name: {name}
            spec:
              containers:
              - name: {name}
                image: {image}
                env:
                - name: APP_NAME
                  value: {name}
                ports:
                - containerPort: 8080

        """;
}
