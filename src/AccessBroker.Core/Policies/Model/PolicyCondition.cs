using AccessBroker.Core.Policies.Cel;

namespace AccessBroker.Core.Policies;

/// <summary>
/// A CEL expression that must hold for a policy to match, compiled when the set was loaded.
/// <see cref="Message"/> says in words what the condition asks for.
/// </summary>
public sealed class PolicyCondition
{
    internal PolicyCondition(string expression, string message, SourcePosition source, CelProgram program)
    {
        Expression = expression;
        Message = message;
        Source = source;
        Program = program;
    }

    public string Expression { get; }

    public string Message { get; }

    public SourcePosition Source { get; }

    internal CelProgram Program { get; }
}
