namespace AccessBroker.Core.Policies.Cel;

/// <summary>The static types of the CEL subset; <see cref="Request"/> and <see cref="User"/> are the variables' message types.</summary>
internal enum CelType
{
    Bool,
    Int,
    String,
    StringList,
    Timestamp,
    Duration,
    Request,
    User,
}

/// <summary>A compiled sub-expression: its static type and a <see cref="CelFunction{T}"/> of the matching CLR type.</summary>
internal sealed record CelTyped(CelType Type, Delegate Function)
{
    public static CelTyped Of<T>(CelType type, CelFunction<T> function) => new(type, function);

    public CelFunction<T> As<T>() => (CelFunction<T>)Function;

    public static string Describe(CelType type) => type switch
    {
        CelType.StringList => "list(string)",
        _ => type.ToString().ToLowerInvariant(),
    };
}
