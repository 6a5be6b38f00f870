namespace AccessBroker.Core.Policies.Cel;

internal enum CelTokenKind
{
    End,
    Identifier,
    Int,
    String,
    True,
    False,
    Punctuation,
}

/// <summary>
/// A token: <c>Text</c> is the identifier, the punctuation or the decoded string literal;
/// <c>Offset</c> the zero-based character offset in the expression.
/// </summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, long IntValue, int Offset)
{
    public bool Is(string punctuation) => Kind == CelTokenKind.Punctuation && Text == punctuation;

    public string Describe() => Kind switch
    {
        CelTokenKind.End => "end of expression",
        CelTokenKind.String => "string literal",
        CelTokenKind.Int => $"number {IntValue}",
        _ => $"'{Text}'",
    };
}
