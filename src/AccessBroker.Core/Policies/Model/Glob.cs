namespace AccessBroker.Core.Policies;

/// <summary>
/// A cluster or namespace pattern: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one;
/// every other character matches itself. Compiled once: the common shapes (exact, <c>*</c>, <c>prefix-*</c>,
/// <c>*-suffix</c>) match without a general matcher.
/// </summary>
public sealed class Glob
{
    private readonly GlobShape _shape;
    private readonly string _fixedPart;

    private Glob(string pattern, GlobShape shape, string fixedPart)
    {
        Pattern = pattern;
        _shape = shape;
        _fixedPart = fixedPart;
    }

    private enum GlobShape
    {
        Exact,
        Any,
        Prefix,
        Suffix,
        General,
    }

    public string Pattern { get; }

    public static Glob Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        var hasQuestion = pattern.Contains('?', StringComparison.Ordinal);
        if (star < 0 && !hasQuestion)
        {
            return new Glob(pattern, GlobShape.Exact, pattern);
        }

        if (!hasQuestion && pattern.IndexOf('*', star + 1) < 0)
        {
            if (pattern.Length == 1)
            {
                return new Glob(pattern, GlobShape.Any, string.Empty);
            }

            if (star == pattern.Length - 1)
            {
                return new Glob(pattern, GlobShape.Prefix, pattern[..star]);
            }

            if (star == 0)
            {
                return new Glob(pattern, GlobShape.Suffix, pattern[1..]);
            }
        }

        return new Glob(pattern, GlobShape.General, pattern);
    }

    public bool IsMatch(string value) => _shape switch
    {
        GlobShape.Exact => string.Equals(value, _fixedPart, StringComparison.Ordinal),
        GlobShape.Any => true,
        GlobShape.Prefix => value.StartsWith(_fixedPart, StringComparison.Ordinal),
        GlobShape.Suffix => value.EndsWith(_fixedPart, StringComparison.Ordinal),
        _ => MatchesGeneral(Pattern, value),
    };

    public override string ToString() => Pattern;

    /// <summary>Whether any of the patterns matches the value.</summary>
    public static bool AnyMatch(IReadOnlyList<Glob> patterns, string value)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    // Iterative wildcard matching with single-star backtracking: linear in practice, no recursion, no allocation.
    private static bool MatchesGeneral(string pattern, string value)
    {
        int p = 0, v = 0, starAt = -1, resumeAt = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starAt = p++;
                resumeAt = v;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                v = ++resumeAt;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
