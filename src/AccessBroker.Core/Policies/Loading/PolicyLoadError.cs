namespace AccessBroker.Core.Policies;

/// <summary>
/// Why a policy folder was rejected: the file (relative to the folder), a 1-based line and column
/// (0 when the error is about the whole file or folder), and what was expected.
/// </summary>
public sealed record PolicyLoadError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
