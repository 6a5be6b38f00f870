namespace AccessBroker.Cli;

/// <summary>Exit codes scripts can rely on; documented in docs/policies.md and docs/identity.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found a failure (e.g. a policy test case failed, a request was denied).</summary>
    public const int Failure = 1;

    /// <summary>The input was invalid: unknown options, bad values, policy files that do not load.</summary>
    public const int InvalidInput = 2;

    /// <summary>Not signed in, or the sign-in was refused or expired: run <c>abctl login</c>.</summary>
    public const int NotSignedIn = 4;
}
