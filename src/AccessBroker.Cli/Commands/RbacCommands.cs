using System.CommandLine;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using k8s;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl rbac render</c>: the template ClusterRoles and the broker's own RBAC, offline, from a policy folder.</summary>
internal static class RbacCommands
{
    private const string RenderDescription = """
        Render, as multi-document YAML for GitOps, one ClusterRole accessbroker:<template> per role template (exactly
        what the broker compares against in Verify mode and writes in Manage mode) and the broker's own RBAC: its
        ServiceAccount; a Role in the broker namespace for per-grant ServiceAccounts, their tokens and the leadership
        Lease; a ClusterRole for RoleBindings in target namespaces, bind and get restricted by resourceNames to the
        rendered ClusterRoles, and SubjectAccessReviews; and their bindings.
        --mode manage adds create/update/escalate on ClusterRoles so the broker can write the templates itself.
        Kubernetes cannot restrict create by name, and creating a ClusterRole with rules the broker does not hold
        needs escalate, so a Manage-mode broker can mint any permission; only Verify keeps it from creating new powers.
        """;

    public static Command Create() => new("rbac", "Kubernetes RBAC for AccessBroker.") { CreateRenderCommand() };

    private static Command CreateRenderCommand()
    {
        var policies = new Option<DirectoryInfo>("--policies") { Description = "The policy folder whose role templates to render.", Required = true };
        var mode = new Option<string>("--mode")
        {
            Description = "verify (production: the broker only reads the ClusterRoles) or manage (the broker writes them; more power).",
            DefaultValueFactory = _ => "verify",
        };
        mode.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("verify" or "manage"))
            {
                result.AddError($"--mode '{result.GetValueOrDefault<string>()}': use verify or manage.");
            }
        });
        var brokerNamespace = new Option<string>("--broker-namespace")
        {
            Description = "Namespace of the broker, its per-grant ServiceAccounts and its Lease (Clusters:<name>:BrokerNamespace).",
            DefaultValueFactory = _ => BrokerRbacOptions.DefaultNamespace,
        };
        var serviceAccount = new Option<string>("--service-account")
        {
            Description = "The broker's ServiceAccount; its Role, ClusterRole and bindings get the same name.",
            DefaultValueFactory = _ => BrokerRbacOptions.DefaultServiceAccount,
        };
        var leaseName = new Option<string>("--lease-name")
        {
            Description = "The leadership Lease (Leadership:LeaseName).",
            DefaultValueFactory = _ => LeaseLeaderLock.DefaultLeaseName,
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("render", RenderDescription) { policies, mode, brokerNamespace, serviceAccount, leaseName, output };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var options = new BrokerRbacOptions(
                parseResult.GetRequiredValue(mode) == "manage" ? RoleTemplateMode.Manage : RoleTemplateMode.Verify,
                parseResult.GetRequiredValue(brokerNamespace),
                parseResult.GetRequiredValue(serviceAccount),
                parseResult.GetRequiredValue(leaseName));
            foreach (var (option, value) in new[] { ("--broker-namespace", options.Namespace), ("--service-account", options.ServiceAccount), ("--lease-name", options.LeaseName) })
            {
                if (PolicyNames.CheckDnsLabel(value) is { } problem)
                {
                    error.WriteLine($"abctl: {option} '{value}': {problem}");
                    return ExitCodes.InvalidInput;
                }
            }

            var loaded = PolicyCommands.LoadOrReport(parseResult.GetRequiredValue(policies).FullName, error);
            if (loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            var yaml = Render(loaded.Set!.RoleTemplates, options);
            if (parseResult.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, yaml);
            }
            else
            {
                parseResult.InvocationConfiguration.Output.Write(yaml);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The YAML document stream, with a header saying how it was made; no timestamps, so it can be committed.</summary>
    public static string Render(IReadOnlyList<RoleTemplate> templates, BrokerRbacOptions options)
    {
        var header = $"""
            # Rendered by: abctl rbac render --mode {options.Mode.ToString().ToLowerInvariant()} --broker-namespace {options.Namespace} --service-account {options.ServiceAccount} --lease-name {options.LeaseName}
            # {templates.Count} role templates. Do not edit: change the policies and render again.

            """;
        return header + string.Join("---\n", BrokerRbacRendering.Render(templates, options).Select(KubernetesYaml.Serialize).Select(document => document.TrimEnd('\n') + "\n"));
    }
}
