using System.CommandLine;
using AccessBroker.Cli.Commands;

namespace AccessBroker.Cli;

/// <summary>The <c>abctl</c> root command. Each command group lives in its own file under Commands/ and is added here.</summary>
internal static class AbctlCommandLine
{
    public static RootCommand Build(TimeProvider time)
    {
        var root = new RootCommand("abctl: request, approve and use just-in-time Kubernetes access through AccessBroker.")
        {
            PolicyCommands.Create(time),
            RbacCommands.Create(),
            LoginCommands.CreateLoginCommand(),
            LoginCommands.CreateLogoutCommand(),
            LoginCommands.CreateWhoAmICommand(),
            AdminCommands.CreateAdminCommand(),
            CredentialCommand.Create(),
            KubeconfigCommand.Create(),
            AuditCommands.Create(),
        };
        foreach (var command in RequestCommands.Create().Concat(GrantCommands.Create()))
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs; usage errors exit with <see cref="ExitCodes.InvalidInput"/> rather than System.CommandLine's 1.</summary>
    public static int Run(string[] args, TimeProvider time, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = Build(time).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                // Some messages list choices on lines of their own ("Must be one of:\n\t'table'..."): errors stay one line.
                configuration.Error.WriteLine($"abctl: {string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
            }

            return ExitCodes.InvalidInput;
        }

        return parseResult.Invoke(configuration);
    }
}
