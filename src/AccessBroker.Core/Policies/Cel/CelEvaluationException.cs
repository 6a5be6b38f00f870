namespace AccessBroker.Core.Policies.Cel;

/// <summary>A CEL expression that compiled but failed at run time (division by zero, overflow).</summary>
public sealed class CelEvaluationException : Exception
{
    public CelEvaluationException()
    {
    }

    public CelEvaluationException(string message)
        : base(message)
    {
    }

    public CelEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
