using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AccessBroker.Core.Policies.Cel;

/// <summary>Type-checks a parsed expression against the fixed variables and turns it into nested delegates.</summary>
internal static class CelCompiler
{
    private static readonly Dictionary<string, CelTyped> Variables = new(StringComparer.Ordinal)
    {
        ["request"] = CelTyped.Of(CelType.Request, (in CelContext c) => c.Request),
        ["user"] = CelTyped.Of(CelType.User, (in CelContext c) => c.User),
        ["now"] = CelTyped.Of(CelType.Timestamp, (in CelContext c) => c.Now),
    };

    private static readonly Dictionary<string, CelTyped> RequestFields = new(StringComparer.Ordinal)
    {
        ["cluster"] = CelTyped.Of(CelType.String, (in CelContext c) => c.Request.Cluster),
        ["namespace"] = CelTyped.Of(CelType.String, (in CelContext c) => c.Request.Namespace),
        ["role"] = CelTyped.Of(CelType.String, (in CelContext c) => c.Request.Role),
        ["duration"] = CelTyped.Of(CelType.Int, (in CelContext c) => (long)c.Request.Duration.TotalSeconds),
        ["reason"] = CelTyped.Of(CelType.String, (in CelContext c) => c.Request.Reason),
    };

    private static readonly Dictionary<string, CelTyped> UserFields = new(StringComparer.Ordinal)
    {
        ["subject"] = CelTyped.Of(CelType.String, (in CelContext c) => c.User.Subject),
        ["name"] = CelTyped.Of(CelType.String, (in CelContext c) => c.User.Name),
        ["email"] = CelTyped.Of(CelType.String, (in CelContext c) => c.User.Email),
        ["groups"] = CelTyped.Of(CelType.StringList, (in CelContext c) => c.User.Groups),
    };

    private const int MaxCachedPatterns = 1_000;

    // NonBacktracking runs in linear time, like CEL's RE2, so no pattern can make a decision hang; but building
    // one takes milliseconds. Policy sets repeat a few patterns (incident numbers), so compiled ones are shared
    // across conditions and reloads; Regex instances are safe to use from several threads.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static CelTyped Compile(CelSyntax syntax) => syntax switch
    {
        CelLiteral literal => Literal(literal),
        CelIdentifier identifier => Variables.TryGetValue(identifier.Name, out var variable)
            ? variable
            : throw new CelCompileException($"undeclared reference '{identifier.Name}' (the variables are request, user and now)", identifier.Offset),
        CelSelect select => Select(select),
        CelCall call => CelFunctions.Compile(call),
        CelUnary unary => Unary(unary),
        CelBinary binary => CelOperators.Compile(binary),
        CelConditional conditional => Conditional(conditional),
        CelList list => List(list),
        _ => throw new CelCompileException("unsupported expression", syntax.Offset),
    };

    public static CelTyped Compile(CelSyntax syntax, CelType expected, string role)
    {
        var compiled = Compile(syntax);
        if (compiled.Type != expected)
        {
            throw new CelCompileException($"{role} must be {CelTyped.Describe(expected)}, found {CelTyped.Describe(compiled.Type)}", syntax.Offset);
        }

        return compiled;
    }

    private static CelTyped Literal(CelLiteral literal) => literal.Value switch
    {
        bool value => CelTyped.Of(CelType.Bool, (in CelContext _) => value),
        long value => CelTyped.Of(CelType.Int, (in CelContext _) => value),
        string value => CelTyped.Of(CelType.String, (in CelContext _) => value),
        _ => throw new CelCompileException("unsupported literal", literal.Offset),
    };

    private static CelTyped Select(CelSelect select)
    {
        var operand = Compile(select.Operand);
        var (fields, typeName) = operand.Type switch
        {
            CelType.Request => (RequestFields, "request"),
            CelType.User => (UserFields, "user"),
            _ => throw new CelCompileException($"type {CelTyped.Describe(operand.Type)} has no fields", select.FieldOffset),
        };

        return fields.TryGetValue(select.Field, out var field)
            ? field
            : throw new CelCompileException(
                $"{typeName} has no field '{select.Field}' (it has {string.Join(", ", fields.Keys)})", select.FieldOffset);
    }

    private static CelTyped Unary(CelUnary unary)
    {
        if (unary.Operator == "!")
        {
            var operand = Compile(unary.Operand, CelType.Bool, "the operand of '!'").As<bool>();
            return CelTyped.Of(CelType.Bool, (in CelContext c) => !operand(in c));
        }

        var number = Compile(unary.Operand, CelType.Int, "the operand of '-'").As<long>();
        return CelTyped.Of(CelType.Int, (in CelContext c) => CelOperators.Negate(number(in c)));
    }

    private static CelTyped Conditional(CelConditional conditional)
    {
        var condition = Compile(conditional.Condition, CelType.Bool, "the condition of '?:'").As<bool>();
        var whenTrue = Compile(conditional.WhenTrue);
        var whenFalse = Compile(conditional.WhenFalse, whenTrue.Type, "the second branch of '?:'");
        return whenTrue.Type switch
        {
            CelType.Bool => Choose<bool>(condition, whenTrue, whenFalse),
            CelType.Int => Choose<long>(condition, whenTrue, whenFalse),
            CelType.String => Choose<string>(condition, whenTrue, whenFalse),
            CelType.StringList => Choose<IReadOnlyList<string>>(condition, whenTrue, whenFalse),
            CelType.Timestamp => Choose<DateTimeOffset>(condition, whenTrue, whenFalse),
            CelType.Duration => Choose<TimeSpan>(condition, whenTrue, whenFalse),
            _ => throw new CelCompileException("'?:' cannot choose between variables", conditional.Offset),
        };
    }

    private static CelTyped Choose<T>(CelFunction<bool> condition, CelTyped whenTrue, CelTyped whenFalse)
    {
        var first = whenTrue.As<T>();
        var second = whenFalse.As<T>();
        return CelTyped.Of(whenTrue.Type, (in CelContext c) => condition(in c) ? first(in c) : second(in c));
    }

    private static CelTyped List(CelList list)
    {
        var elements = list.Elements.Select(e => Compile(e, CelType.String, "a list element").As<string>()).ToArray();
        if (list.Elements.All(e => e is CelLiteral))
        {
            var constant = elements.Select(e => e(default)).ToArray();
            return CelTyped.Of<IReadOnlyList<string>>(CelType.StringList, (in CelContext _) => constant);
        }

        return CelTyped.Of<IReadOnlyList<string>>(CelType.StringList, (in CelContext c) =>
        {
            var values = new string[elements.Length];
            for (var i = 0; i < elements.Length; i++)
            {
                values[i] = elements[i](in c);
            }

            return values;
        });
    }

    /// <summary>The value of an argument that must be a string literal, so it can be checked and prepared at load time.</summary>
    public static string StringLiteral(CelSyntax syntax, string role) =>
        syntax is CelLiteral { Value: string text }
            ? text
            : throw new CelCompileException($"{role} must be a string literal", syntax.Offset);

    public static Regex CompileRegex(CelSyntax syntax)
    {
        var pattern = StringLiteral(syntax, "the pattern of matches()");
        try
        {
            if (Patterns.Count >= MaxCachedPatterns)
            {
                Patterns.Clear();
            }

            return Patterns.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CelCompileException($"invalid regular expression: {e.Message}", syntax.Offset);
        }
    }
}
