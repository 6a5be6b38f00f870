namespace AccessBroker.Core.Policies.Cel;

/// <summary>A CEL expression that does not parse or type-check, with the offset in the expression where it fails.</summary>
public sealed class CelCompileException : Exception
{
    public CelCompileException(string message, int offset)
        : base(message)
    {
        Offset = offset;
    }

    public CelCompileException()
    {
    }

    public CelCompileException(string message)
        : base(message)
    {
    }

    public CelCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Zero-based character offset in the expression.</summary>
    public int Offset { get; }
}
