namespace AccessBroker.KubeSim;

/// <summary>How to run a <see cref="KubeSimServer"/>. Defaults suit tests: HTTPS on 127.0.0.1 at a free port.</summary>
public sealed class KubeSimOptions
{
    /// <summary>IP address to bind; "localhost" means the IPv4 loopback.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="KubeSimServer.Url"/>).</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS with a certificate from a CA generated at start (<see cref="KubeSimServer.CaCertificatePem"/>); false serves plain HTTP.</summary>
    public bool UseHttps { get; init; } = true;

    /// <summary>Where to POST audit.k8s.io/v1 EventLists; null sends none.</summary>
    public string? AuditWebhookUrl { get; init; }

    /// <summary>
    /// Bearer token sent with every audit POST, as the API server sends the <c>token</c> of the user in its
    /// <c>--audit-webhook-config-file</c> kubeconfig; null sends no Authorization header.
    /// </summary>
    public string? AuditWebhookToken { get; init; }

    /// <summary>How long audit events are gathered before a batch is sent.</summary>
    public TimeSpan AuditBatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>YAML files (multi-document) whose objects are created at start, as the admin.</summary>
    public IReadOnlyList<string> SeedYamlFiles { get; init; } = [];

    /// <summary>YAML (multi-document) whose objects are created at start, after <see cref="SeedYamlFiles"/>.</summary>
    public string? SeedYaml { get; init; }

    /// <summary>The clock for timestamps and token lifetimes; tests can pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Longest TokenRequest lifetime; longer requests are shortened to it (--service-account-max-token-expiration).</summary>
    public int MaxTokenExpirationSeconds { get; init; } = 172800;

    /// <summary>User name of <see cref="KubeSimServer.AdminToken"/>, a member of system:masters.</summary>
    public string AdminUserName { get; init; } = "kubesim-admin";

    /// <summary>Log request errors and audit delivery problems to the console.</summary>
    public bool ConsoleLogging { get; init; }

    /// <summary>Every problem with these options, each saying how to fix it; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"KubeSimOptions.Port {Port} is not a TCP port: use 0 (any free port) to 65535.");
        }
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _) && ListenAddress != "localhost")
        {
            problems.Add($"KubeSimOptions.ListenAddress \"{ListenAddress}\" is not an IP address: use e.g. 127.0.0.1.");
        }
        if (AuditWebhookUrl is not null && !Uri.TryCreate(AuditWebhookUrl, UriKind.Absolute, out _))
        {
            problems.Add($"KubeSimOptions.AuditWebhookUrl \"{AuditWebhookUrl}\" is not an absolute URL.");
        }
        if (AuditBatchInterval <= TimeSpan.Zero)
        {
            problems.Add("KubeSimOptions.AuditBatchInterval must be positive.");
        }
        if (MaxTokenExpirationSeconds < 600)
        {
            problems.Add($"KubeSimOptions.MaxTokenExpirationSeconds {MaxTokenExpirationSeconds} is below the 600 s every TokenRequest must allow.");
        }
        problems.AddRange(SeedYamlFiles.Where(f => !File.Exists(f)).Select(f => $"KubeSimOptions.SeedYamlFiles: \"{f}\" does not exist."));
        return problems;
    }
}
