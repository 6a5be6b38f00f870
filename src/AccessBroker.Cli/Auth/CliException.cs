using System.Text.Json;

namespace AccessBroker.Cli.Auth;

/// <summary>An expected failure, told to the user in one line and ending the command with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The broker's RFC 9457 problem document, when the failure is the broker's answer.</summary>
    public JsonElement? Problem { get; init; }
}
