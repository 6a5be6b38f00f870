namespace AccessBroker.Core.Policies.Cel;

/// <summary>Binary operators, resolved by operand types at compile time.</summary>
internal static class CelOperators
{
    private static readonly CelType[] Ordered = [CelType.Int, CelType.String, CelType.Timestamp, CelType.Duration];

    public static CelTyped Compile(CelBinary binary)
    {
        switch (binary.Operator)
        {
            case "&&" or "||":
                return Logical(binary);
            case "in":
                var item = CelCompiler.Compile(binary.Left, CelType.String, "the left operand of 'in'").As<string>();
                var list = CelCompiler.Compile(binary.Right, CelType.StringList, "the right operand of 'in'").As<IReadOnlyList<string>>();
                return CelTyped.Of(CelType.Bool, (in CelContext c) => Contains(list(in c), item(in c)));
        }

        var left = CelCompiler.Compile(binary.Left);
        var right = CelCompiler.Compile(binary.Right);
        return binary.Operator switch
        {
            "==" or "!=" when left.Type == right.Type => Equality(binary.Operator, left, right),
            "<" or "<=" or ">" or ">=" when left.Type == right.Type && Ordered.Contains(left.Type) => Relation(binary.Operator, left, right),
            _ => Arithmetic(binary, left, right),
        };
    }

    public static long Negate(long value) =>
        value == long.MinValue ? throw new CelEvaluationException("integer overflow") : -value;

    private static CelTyped Logical(CelBinary binary)
    {
        var left = CelCompiler.Compile(binary.Left, CelType.Bool, $"the left operand of '{binary.Operator}'").As<bool>();
        var right = CelCompiler.Compile(binary.Right, CelType.Bool, $"the right operand of '{binary.Operator}'").As<bool>();
        return binary.Operator == "&&"
            ? CelTyped.Of(CelType.Bool, (in CelContext c) => left(in c) && right(in c))
            : CelTyped.Of(CelType.Bool, (in CelContext c) => left(in c) || right(in c));
    }

    private static CelTyped Equality(string op, CelTyped left, CelTyped right)
    {
        var equal = left.Type switch
        {
            CelType.Bool => Equal(left, right, EqualityComparer<bool>.Default),
            CelType.Int => Equal(left, right, EqualityComparer<long>.Default),
            CelType.String => Equal(left, right, StringComparer.Ordinal),
            CelType.Timestamp => Equal(left, right, EqualityComparer<DateTimeOffset>.Default),
            CelType.Duration => Equal(left, right, EqualityComparer<TimeSpan>.Default),
            CelType.StringList => Equal(left, right, StringListComparer.Instance),
            _ => throw new CelCompileException("variables cannot be compared", 0),
        };

        return op == "=="
            ? CelTyped.Of(CelType.Bool, equal)
            : CelTyped.Of(CelType.Bool, (in CelContext c) => !equal(in c));
    }

    private static CelFunction<bool> Equal<T>(CelTyped left, CelTyped right, IEqualityComparer<T> comparer)
    {
        var first = left.As<T>();
        var second = right.As<T>();
        return (in CelContext c) => comparer.Equals(first(in c), second(in c));
    }

    private static CelTyped Relation(string op, CelTyped left, CelTyped right)
    {
        var compare = left.Type switch
        {
            CelType.Int => Compare(left, right, Comparer<long>.Default),
            CelType.String => Compare(left, right, StringComparer.Ordinal),
            CelType.Timestamp => Compare(left, right, Comparer<DateTimeOffset>.Default),
            _ => Compare(left, right, Comparer<TimeSpan>.Default),
        };

        return op switch
        {
            "<" => CelTyped.Of(CelType.Bool, (in CelContext c) => compare(in c) < 0),
            "<=" => CelTyped.Of(CelType.Bool, (in CelContext c) => compare(in c) <= 0),
            ">" => CelTyped.Of(CelType.Bool, (in CelContext c) => compare(in c) > 0),
            _ => CelTyped.Of(CelType.Bool, (in CelContext c) => compare(in c) >= 0),
        };
    }

    private static CelFunction<int> Compare<T>(CelTyped left, CelTyped right, IComparer<T> comparer)
    {
        var first = left.As<T>();
        var second = right.As<T>();
        return (in CelContext c) => comparer.Compare(first(in c), second(in c));
    }

    private static CelTyped Arithmetic(CelBinary binary, CelTyped left, CelTyped right) =>
        (binary.Operator, left.Type, right.Type) switch
        {
            ("+", CelType.Int, CelType.Int) => Combine<long, long, long>(CelType.Int, left, right, static (a, b) => Checked(a, b, static (x, y) => checked(x + y))),
            ("-", CelType.Int, CelType.Int) => Combine<long, long, long>(CelType.Int, left, right, static (a, b) => Checked(a, b, static (x, y) => checked(x - y))),
            ("*", CelType.Int, CelType.Int) => Combine<long, long, long>(CelType.Int, left, right, static (a, b) => Checked(a, b, static (x, y) => checked(x * y))),
            ("/", CelType.Int, CelType.Int) => Combine<long, long, long>(CelType.Int, left, right, static (a, b) => Checked(a, b, static (x, y) => x / NonZero(y))),
            ("%", CelType.Int, CelType.Int) => Combine<long, long, long>(CelType.Int, left, right, static (a, b) => Checked(a, b, static (x, y) => x % NonZero(y))),
            ("+", CelType.String, CelType.String) => Combine<string, string, string>(CelType.String, left, right, static (a, b) => a + b),
            ("+", CelType.Timestamp, CelType.Duration) => Combine<DateTimeOffset, TimeSpan, DateTimeOffset>(CelType.Timestamp, left, right, static (a, b) => InRange(() => a + b)),
            ("-", CelType.Timestamp, CelType.Duration) => Combine<DateTimeOffset, TimeSpan, DateTimeOffset>(CelType.Timestamp, left, right, static (a, b) => InRange(() => a - b)),
            ("-", CelType.Timestamp, CelType.Timestamp) => Combine<DateTimeOffset, DateTimeOffset, TimeSpan>(CelType.Duration, left, right, static (a, b) => a - b),
            ("+", CelType.Duration, CelType.Duration) => Combine<TimeSpan, TimeSpan, TimeSpan>(CelType.Duration, left, right, static (a, b) => InRange(() => a + b)),
            ("-", CelType.Duration, CelType.Duration) => Combine<TimeSpan, TimeSpan, TimeSpan>(CelType.Duration, left, right, static (a, b) => InRange(() => a - b)),
            _ => throw new CelCompileException(
                $"no operator '{binary.Operator}' for {CelTyped.Describe(left.Type)} and {CelTyped.Describe(right.Type)}", binary.Offset),
        };

    private static CelTyped Combine<TLeft, TRight, TResult>(CelType type, CelTyped left, CelTyped right, Func<TLeft, TRight, TResult> operation)
    {
        var first = left.As<TLeft>();
        var second = right.As<TRight>();
        return CelTyped.Of(type, (in CelContext c) => operation(first(in c), second(in c)));
    }

    private static long Checked(long left, long right, Func<long, long, long> operation)
    {
        try
        {
            return operation(left, right);
        }
        catch (OverflowException e)
        {
            throw new CelEvaluationException("integer overflow", e);
        }
    }

    private static long NonZero(long divisor) =>
        divisor == 0 ? throw new CelEvaluationException("division by zero") : divisor;

    private static T InRange<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new CelEvaluationException("timestamp or duration out of range", e);
        }
    }

    private static bool Contains(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], item, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class StringListComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly StringListComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) =>
            x is not null && y is not null && x.SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(IReadOnlyList<string> obj) => obj.Count;
    }
}
