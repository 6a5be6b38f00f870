using System.CommandLine;
using AccessBroker.Cli.Commands;

var root = new RootCommand("abctl: request, approve and use just-in-time Kubernetes access through AccessBroker.")
{
    LoginCommands.CreateLoginCommand(),
    LoginCommands.CreateLogoutCommand(),
    LoginCommands.CreateWhoAmICommand(),
    AdminCommands.CreateAdminCommand(),
};

return await root.Parse(args).InvokeAsync();
