using System.CommandLine;
using AccessBroker.Cli.Auth;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl kubeconfig GRANT</c>: the grant's kubeconfig (its user runs <c>abctl credential</c>), printed, saved or merged.</summary>
internal static class KubeconfigCommand
{
    private static readonly string[] NamedSections = ["clusters", "contexts", "users"];

    public static Command Create(CliEnvironment? environment = null)
    {
        var grant = new Argument<Guid>("GRANT") { Description = "The grant id." };
        var file = new Option<string?>("--output", "-o") { Description = "Write to this file (mode 0600) instead of stdout." };
        var merge = new Option<bool>("--merge") { Description = "Merge into $KUBECONFIG (its first file) or ~/.kube/config and switch to the grant's context." };
        var server = CommandRunner.NewServerOption();
        var command = new Command("kubeconfig", "Get a kubeconfig for an active grant; kubectl then fetches short-lived tokens through 'abctl credential'.")
        {
            grant, file, merge, server,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(file) is not null && result.GetValue(merge))
            {
                result.AddError("--output and --merge cannot be used together.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var yaml = await context.Broker(parseResult.GetValue(server)).GetTextAsync($"api/v1/grants/{parseResult.GetValue(grant)}/kubeconfig", cancellationToken);
            if (parseResult.GetValue(merge))
            {
                var target = DefaultKubeconfigPath();
                PrivateFile.Write(target, Merge(File.Exists(target) ? await File.ReadAllTextAsync(target, cancellationToken) : "", yaml));
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"Merged into {target}; current context switched to the grant's.");
            }
            else if (parseResult.GetValue(file) is { } path)
            {
                PrivateFile.Write(Path.GetFullPath(path), yaml);
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"Wrote {path}.");
            }
            else
            {
                await output.WriteAsync(yaml);
            }
        }));
        return command;
    }

    /// <summary>Adds or replaces (by name) the grant's cluster, context and user in <paramref name="existing"/> and sets its current-context.</summary>
    internal static string Merge(string existing, string addition)
    {
        var target = Load(existing);
        var source = Load(addition);
        foreach (var section in NamedSections)
        {
            if (!target.Children.TryGetValue(section, out var node) || node is not YamlSequenceNode entries)
            {
                entries = [];
                target.Children[section] = entries;
            }

            foreach (var entry in ((YamlSequenceNode)source.Children[section]).Children)
            {
                var name = NameOf(entry);
                var index = entries.Children.ToList().FindIndex(candidate => NameOf(candidate) == name);
                if (index >= 0)
                {
                    entries.Children[index] = entry;
                }
                else
                {
                    entries.Add(entry);
                }
            }
        }

        target.Children["current-context"] = source.Children["current-context"];
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(target)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode { { "apiVersion", "v1" }, { "kind", "Config" } };
        }

        return stream.Documents[0].RootNode as YamlMappingNode
               ?? throw new CliException("the existing kubeconfig is not a YAML mapping; not merging into it.");
    }

    private static string? NameOf(YamlNode entry) =>
        entry is YamlMappingNode mapping && mapping.Children.TryGetValue("name", out var name) ? (name as YamlScalarNode)?.Value : null;

    private static string DefaultKubeconfigPath()
    {
        var configured = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return configured ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
