namespace AccessBroker.Cli;

/// <summary>Exit codes scripts can rely on; documented in docs/policies.md and docs/cli.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found a failure (e.g. a policy test case failed, the broker refused a call).</summary>
    public const int Failure = 1;

    /// <summary>The input was invalid: unknown options, bad values, policy files that do not load.</summary>
    public const int InvalidInput = 2;

    /// <summary>The broker's policy denied the request, or a waited-for request ended denied, cancelled or expired.</summary>
    public const int Denied = 3;

    /// <summary>Not signed in, or the sign-in was refused or expired: run <c>abctl login</c>.</summary>
    public const int NotSignedIn = 4;
}
