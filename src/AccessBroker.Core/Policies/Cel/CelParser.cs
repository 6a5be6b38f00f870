namespace AccessBroker.Core.Policies.Cel;

/// <summary>Recursive-descent parser for the CEL subset, following the precedence of the CEL grammar.</summary>
internal sealed class CelParser
{
    private static readonly string[][] BinaryLevels =
    [
        ["||"],
        ["&&"],
        ["==", "!=", "<", "<=", ">", ">=", "in"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private readonly List<CelToken> _tokens;
    private int _next;

    private CelParser(List<CelToken> tokens) => _tokens = tokens;

    private CelToken Current => _tokens[_next];

    public static CelSyntax Parse(string expression)
    {
        var parser = new CelParser(CelLexer.Tokenize(expression));
        var syntax = parser.ParseExpression();
        if (parser.Current.Kind != CelTokenKind.End)
        {
            throw new CelCompileException($"unexpected {parser.Current.Describe()}, expected an operator or end of expression", parser.Current.Offset);
        }

        return syntax;
    }

    private CelSyntax ParseExpression()
    {
        var condition = ParseBinary(0);
        if (!Current.Is("?"))
        {
            return condition;
        }

        _next++;
        var whenTrue = ParseBinary(0);
        Expect(":");
        var whenFalse = ParseExpression();
        return new CelConditional(condition.Offset, condition, whenTrue, whenFalse);
    }

    private CelSyntax ParseBinary(int level)
    {
        if (level == BinaryLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (IsOperatorOf(level, Current))
        {
            var operatorToken = _tokens[_next++];
            var right = ParseBinary(level + 1);
            left = new CelBinary(operatorToken.Offset, operatorToken.Text, left, right);
        }

        return left;
    }

    private static bool IsOperatorOf(int level, CelToken token) =>
        (token.Kind == CelTokenKind.Punctuation || (token.Kind == CelTokenKind.Identifier && token.Text == "in"))
        && Array.IndexOf(BinaryLevels[level], token.Text) >= 0;

    private CelSyntax ParseUnary()
    {
        if (Current.Is("!") || Current.Is("-"))
        {
            var operatorToken = _tokens[_next++];
            return new CelUnary(operatorToken.Offset, operatorToken.Text, ParseUnary());
        }

        return ParseMember();
    }

    private CelSyntax ParseMember()
    {
        var operand = ParsePrimary();
        while (Current.Is("."))
        {
            _next++;
            var name = ExpectIdentifier();
            if (Current.Is("("))
            {
                operand = new CelCall(name.Offset, operand, name.Text, ParseArguments());
            }
            else
            {
                operand = new CelSelect(operand.Offset, operand, name.Text, name.Offset);
            }
        }

        return operand;
    }

    private CelSyntax ParsePrimary()
    {
        var token = _tokens[_next++];
        switch (token.Kind)
        {
            case CelTokenKind.Int:
                return new CelLiteral(token.Offset, token.IntValue);
            case CelTokenKind.String:
                return new CelLiteral(token.Offset, token.Text);
            case CelTokenKind.True:
                return new CelLiteral(token.Offset, true);
            case CelTokenKind.False:
                return new CelLiteral(token.Offset, false);
            case CelTokenKind.Identifier when token.Text != "in":
                return Current.Is("(")
                    ? new CelCall(token.Offset, null, token.Text, ParseArguments())
                    : new CelIdentifier(token.Offset, token.Text);
            case CelTokenKind.Punctuation when token.Text == "(":
                var inner = ParseExpression();
                Expect(")");
                return inner;
            case CelTokenKind.Punctuation when token.Text == "[":
                return new CelList(token.Offset, ParseList("]"));
            default:
                throw new CelCompileException($"unexpected {token.Describe()}, expected a value", token.Offset);
        }
    }

    private List<CelSyntax> ParseArguments()
    {
        Expect("(");
        return ParseList(")");
    }

    private List<CelSyntax> ParseList(string close)
    {
        var items = new List<CelSyntax>();
        if (Current.Is(close))
        {
            _next++;
            return items;
        }

        while (true)
        {
            items.Add(ParseExpression());
            if (Current.Is(close))
            {
                _next++;
                return items;
            }

            Expect(",");
        }
    }

    private void Expect(string punctuation)
    {
        if (!Current.Is(punctuation))
        {
            throw new CelCompileException($"expected '{punctuation}', found {Current.Describe()}", Current.Offset);
        }

        _next++;
    }

    private CelToken ExpectIdentifier()
    {
        if (Current.Kind != CelTokenKind.Identifier)
        {
            throw new CelCompileException($"expected a field or method name, found {Current.Describe()}", Current.Offset);
        }

        return _tokens[_next++];
    }
}
