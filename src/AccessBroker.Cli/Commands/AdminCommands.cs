using System.CommandLine;
using System.Text;
using AccessBroker.Core.Identity;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl admin ...</c>: tasks for the people who run the broker.</summary>
internal static class AdminCommands
{
    public static Command CreateAdminCommand()
    {
        var admin = new Command("admin", "Tasks for the people who run the broker.");
        admin.Add(CreateHashPasswordCommand());
        return admin;
    }

    private static Command CreateHashPasswordCommand()
    {
        var fromStdin = new Option<bool>("--stdin") { Description = "Read the password from standard input (first line) instead of prompting." };
        var command = new Command(
            "hash-password",
            "Print a hash for Identity:Users:<name>:PasswordHash or Identity:Clients:<id>:SecretHash (PBKDF2-SHA256).")
        {
            fromStdin,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var password = parseResult.GetValue(fromStdin) || Console.IsInputRedirected
                ? Console.In.ReadLine()
                : PromptTwice(error);
            if (string.IsNullOrEmpty(password))
            {
                error.WriteLine("abctl: no password given, or the two entries differ.");
                return ExitCodes.InvalidInput;
            }

            output.WriteLine(SecretHasher.Hash(password));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? PromptTwice(TextWriter prompt)
    {
        var first = ReadHidden(prompt, "Password: ");
        var second = ReadHidden(prompt, "Repeat password: ");
        return first == second ? first : null;
    }

    private static string ReadHidden(TextWriter prompt, string label)
    {
        prompt.Write(label);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return text.ToString();
    }
}
