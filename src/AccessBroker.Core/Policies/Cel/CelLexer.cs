using System.Globalization;
using System.Text;

namespace AccessBroker.Core.Policies.Cel;

internal static class CelLexer
{
    private static readonly string[] Punctuations =
        ["==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ",", ".", "?", ":", "!", "-", "+", "*", "/", "%", "<", ">"];

    public static List<CelToken> Tokenize(string expression)
    {
        var tokens = new List<CelToken>();
        var position = 0;
        while (true)
        {
            while (position < expression.Length && char.IsWhiteSpace(expression[position]))
            {
                position++;
            }

            if (position == expression.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, string.Empty, 0, position));
                return tokens;
            }

            tokens.Add(ReadToken(expression, ref position));
        }
    }

    private static CelToken ReadToken(string expression, ref int position)
    {
        var start = position;
        var c = expression[position];
        if (c == 'r' && position + 1 < expression.Length && expression[position + 1] is '"' or '\'')
        {
            position++;
            return new CelToken(CelTokenKind.String, ReadString(expression, ref position, raw: true), 0, start);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (position < expression.Length && (char.IsAsciiLetterOrDigit(expression[position]) || expression[position] == '_'))
            {
                position++;
            }

            var word = expression[start..position];
            var kind = word switch
            {
                "true" => CelTokenKind.True,
                "false" => CelTokenKind.False,
                _ => CelTokenKind.Identifier,
            };
            return new CelToken(kind, word, 0, start);
        }

        if (char.IsAsciiDigit(c))
        {
            while (position < expression.Length && char.IsAsciiDigit(expression[position]))
            {
                position++;
            }

            if (!long.TryParse(expression.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new CelCompileException("integer literal out of range", start);
            }

            return new CelToken(CelTokenKind.Int, expression[start..position], value, start);
        }

        if (c is '"' or '\'')
        {
            return new CelToken(CelTokenKind.String, ReadString(expression, ref position, raw: false), 0, start);
        }

        foreach (var punctuation in Punctuations)
        {
            if (string.CompareOrdinal(expression, position, punctuation, 0, punctuation.Length) == 0)
            {
                position += punctuation.Length;
                return new CelToken(CelTokenKind.Punctuation, punctuation, 0, start);
            }
        }

        throw new CelCompileException($"unexpected character '{c}'", start);
    }

    private static string ReadString(string expression, ref int position, bool raw)
    {
        var start = position;
        var quote = expression[position++];
        var text = new StringBuilder();
        while (position < expression.Length && expression[position] != quote)
        {
            var c = expression[position++];
            if (c != '\\' || raw)
            {
                text.Append(c);
                continue;
            }

            if (position == expression.Length)
            {
                break;
            }

            text.Append(expression[position++] switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                '"' => '"',
                '\'' => '\'',
                var other => throw new CelCompileException($"unsupported escape sequence '\\{other}'", position - 2),
            });
        }

        if (position == expression.Length)
        {
            throw new CelCompileException("unterminated string literal", start);
        }

        position++;
        return text.ToString();
    }
}
