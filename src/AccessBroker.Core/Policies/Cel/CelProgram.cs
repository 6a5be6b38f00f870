namespace AccessBroker.Core.Policies.Cel;

/// <summary>A condition compiled to delegates; evaluating it allocates nothing unless it fails.</summary>
internal sealed class CelProgram
{
    private readonly CelFunction<bool> _function;

    private CelProgram(string expression, CelFunction<bool> function)
    {
        Expression = expression;
        _function = function;
    }

    public string Expression { get; }

    /// <exception cref="CelCompileException">The expression does not parse or is not a well-typed bool expression.</exception>
    public static CelProgram Compile(string expression)
    {
        var syntax = CelParser.Parse(expression);
        var compiled = CelCompiler.Compile(syntax);
        if (compiled.Type != CelType.Bool)
        {
            throw new CelCompileException($"a condition must be a bool expression, this one is {CelTyped.Describe(compiled.Type)}", 0);
        }

        return new CelProgram(expression, compiled.As<bool>());
    }

    /// <exception cref="CelEvaluationException">The expression failed at run time.</exception>
    public bool Evaluate(in CelContext context) => _function(in context);
}
