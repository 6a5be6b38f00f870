using System.Text;

namespace AccessBroker.Api.Portal;

/// <summary>
/// The exec form's one-line command as an argument list, without a shell: arguments are split at white space, and
/// double or single quotes keep white space inside one argument (no escapes, no variables, no globbing).
/// </summary>
public static class CommandLine
{
    public static IReadOnlyList<string> Split(string? line)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        char? quote = null;
        foreach (var character in line ?? string.Empty)
        {
            if (quote is { } open)
            {
                if (character == open)
                {
                    quote = null;
                }
                else
                {
                    current.Append(character);
                }
            }
            else if (character is '"' or '\'')
            {
                quote = character;
                inArgument = true;
            }
            else if (char.IsWhiteSpace(character))
            {
                if (inArgument)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inArgument = false;
                }
            }
            else
            {
                current.Append(character);
                inArgument = true;
            }
        }

        if (inArgument)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }

    /// <summary>An argument as it would be typed back: quoted when it holds white space or is empty.</summary>
    public static string Quote(string argument) =>
        argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? $"\"{argument}\"" : argument;
}
