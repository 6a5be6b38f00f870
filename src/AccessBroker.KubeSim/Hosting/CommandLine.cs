using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AccessBroker.KubeSim.Hosting;

/// <summary>The standalone host's arguments.</summary>
internal sealed record CommandLine(KubeSimOptions Options, string? KubeconfigPath)
{
    public const string Usage =
        "usage: kubesim [--listen HOST:PORT] [--kubeconfig-out FILE] [--seed FILE]... [--demo] [--audit-webhook URL [--audit-webhook-token TOKEN]] [--http]";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out CommandLine? command, [NotNullWhen(false)] out string? error)
    {
        var (host, port, https, demo) = ("127.0.0.1", 6443, true, false);
        string? kubeconfig = null;
        string? webhook = null;
        string? webhookToken = null;
        var seeds = new List<string>();
        (command, error) = (null, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--listen" when value is not null:
                    var colon = value.LastIndexOf(':');
                    if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
                    {
                        error = $"--listen wants HOST:PORT, not \"{value}\"";
                        return false;
                    }
                    host = value[..colon];
                    i++;
                    break;
                case "--kubeconfig-out" when value is not null:
                    kubeconfig = value;
                    i++;
                    break;
                case "--seed" when value is not null:
                    seeds.Add(value);
                    i++;
                    break;
                case "--audit-webhook" when value is not null:
                    webhook = value;
                    i++;
                    break;
                case "--audit-webhook-token" when value is not null:
                    webhookToken = value;
                    i++;
                    break;
                case "--http":
                    https = false;
                    break;
                case "--demo":
                    demo = true;
                    break;
                default:
                    error = $"unknown or incomplete argument \"{args[i]}\"";
                    return false;
            }
        }
        var options = new KubeSimOptions
        {
            ListenAddress = host,
            Port = port,
            UseHttps = https,
            SeedYamlFiles = seeds,
            SeedYaml = demo ? KubeSimDemoSeed.Yaml : null,
            AuditWebhookUrl = webhook,
            AuditWebhookToken = webhookToken,
            ConsoleLogging = true,
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            error = string.Join(Environment.NewLine, problems);
            return false;
        }
        command = new CommandLine(options, kubeconfig);
        return true;
    }
}
