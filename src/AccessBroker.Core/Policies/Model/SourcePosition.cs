namespace AccessBroker.Core.Policies;

/// <summary>Where something was defined: a file relative to the policy folder, and a 1-based line and column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
