using System.Globalization;

namespace AccessBroker.Core.Policies.Cel;

/// <summary>The functions and methods of the CEL subset, resolved by name, receiver type and argument count.</summary>
internal static class CelFunctions
{
    public static CelTyped Compile(CelCall call) => call.Target is null ? Global(call) : Method(call, CelCompiler.Compile(call.Target));

    private static CelTyped Global(CelCall call) => (call.Function, call.Arguments.Count) switch
    {
        ("size", 1) => Size(call, CelCompiler.Compile(call.Arguments[0])),
        ("timestamp", 1) => Timestamp(call.Arguments[0]),
        ("duration", 1) => Duration(call.Arguments[0]),
        _ => throw Unknown(call, "function"),
    };

    private static CelTyped Method(CelCall call, CelTyped target) => (target.Type, call.Function, call.Arguments.Count) switch
    {
        (CelType.String, "startsWith", 1) => StringTest(target, call.Arguments[0], static (s, x) => s.StartsWith(x, StringComparison.Ordinal)),
        (CelType.String, "endsWith", 1) => StringTest(target, call.Arguments[0], static (s, x) => s.EndsWith(x, StringComparison.Ordinal)),
        (CelType.String, "contains", 1) => StringTest(target, call.Arguments[0], static (s, x) => s.Contains(x, StringComparison.Ordinal)),
        (CelType.String, "matches", 1) => Matches(target, call.Arguments[0]),
        (CelType.String or CelType.StringList, "size", 0) => Size(call, target),
        (CelType.Timestamp, "getHours", 0) => TimestampPart(target, static t => t.Hour),
        (CelType.Timestamp, "getMinutes", 0) => TimestampPart(target, static t => t.Minute),
        (CelType.Timestamp, "getDayOfWeek", 0) => TimestampPart(target, static t => (int)t.DayOfWeek),
        (CelType.Timestamp, "getFullYear", 0) => TimestampPart(target, static t => t.Year),
        _ => throw Unknown(call, $"method of {CelTyped.Describe(target.Type)}"),
    };

    private static CelCompileException Unknown(CelCall call, string what) =>
        new($"unknown {what} '{call.Function}' with {call.Arguments.Count} argument(s)", call.Offset);

    private static CelTyped StringTest(CelTyped target, CelSyntax argument, Func<string, string, bool> test)
    {
        var text = target.As<string>();
        var other = CelCompiler.Compile(argument, CelType.String, "the argument").As<string>();
        return CelTyped.Of(CelType.Bool, (in CelContext c) => test(text(in c), other(in c)));
    }

    private static CelTyped Matches(CelTyped target, CelSyntax pattern)
    {
        var text = target.As<string>();
        var regex = CelCompiler.CompileRegex(pattern);
        return CelTyped.Of(CelType.Bool, (in CelContext c) => regex.IsMatch(text(in c)));
    }

    private static CelTyped Size(CelCall call, CelTyped operand) => operand.Type switch
    {
        CelType.String => Map<string>(operand, static s => s.Length),
        CelType.StringList => Map<IReadOnlyList<string>>(operand, static l => l.Count),
        _ => throw new CelCompileException($"size() takes a string or a list, found {CelTyped.Describe(operand.Type)}", call.Offset),
    };

    private static CelTyped TimestampPart(CelTyped target, Func<DateTimeOffset, int> part) =>
        Map<DateTimeOffset>(target, t => part(t.ToUniversalTime()));

    private static CelTyped Map<T>(CelTyped operand, Func<T, long> map)
    {
        var value = operand.As<T>();
        return CelTyped.Of(CelType.Int, (in CelContext c) => map(value(in c)));
    }

    private static CelTyped Timestamp(CelSyntax argument)
    {
        var text = CelCompiler.StringLiteral(argument, "the argument of timestamp()");
        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new CelCompileException($"timestamp() needs an RFC 3339 time like \"2026-01-31T18:00:00Z\", found \"{text}\"", argument.Offset);
        }

        return CelTyped.Of(CelType.Timestamp, (in CelContext _) => value);
    }

    private static CelTyped Duration(CelSyntax argument)
    {
        var text = CelCompiler.StringLiteral(argument, "the argument of duration()");
        if (!PolicyDuration.TryParse(text, out var value))
        {
            throw new CelCompileException($"duration() needs a duration like \"1h30m\", found \"{text}\"", argument.Offset);
        }

        return CelTyped.Of(CelType.Duration, (in CelContext _) => value);
    }
}
