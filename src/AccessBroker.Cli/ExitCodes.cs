namespace AccessBroker.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Not signed in, or the sign-in was refused or expired: run <c>abctl login</c>.</summary>
    public const int NotSignedIn = 4;
}
