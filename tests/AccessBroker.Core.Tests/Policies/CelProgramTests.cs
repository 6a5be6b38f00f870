using AccessBroker.Core.Policies;
using AccessBroker.Core.Policies.Cel;

namespace AccessBroker.Core.Tests.Policies;

public class CelProgramTests
{
    private static readonly CelContext Context = new(
        new PolicyUser("sub-1", "alice", "alice@example.com", ["payments-devs", "oncall"]),
        new PolicyRequest("prod-eu", "payments", "troubleshoot", TimeSpan.FromMinutes(90), "INC-1234 card payments failing"),
        new DateTimeOffset(2026, 11, 25, 3, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("request.reason.matches(\"^INC-[0-9]+\")", true)]
    [InlineData("request.reason.matches('card')", true)]
    [InlineData("request.reason.matches(r'^INC-\\d{5}')", false)]
    [InlineData("request.cluster.startsWith(\"prod-\") && request.namespace.endsWith(\"ments\")", true)]
    [InlineData("request.reason.contains(\"payments\")", true)]
    [InlineData("request.role == 'troubleshoot' && request.role != 'operate'", true)]
    [InlineData("request.duration == 5400", true)]
    [InlineData("request.duration <= 3600 || user.name == 'alice'", true)]
    [InlineData("request.duration > 2 * 3600 - 60", false)]
    [InlineData("request.duration / 60 % 60 == 30", true)]
    [InlineData("-request.duration < 0", true)]
    [InlineData("'oncall' in user.groups", true)]
    [InlineData("'sre' in user.groups", false)]
    [InlineData("request.namespace in ['payments', 'billing']", true)]
    [InlineData("request.namespace in [user.name]", false)]
    [InlineData("size(user.groups) == 2 && user.groups.size() == 2", true)]
    [InlineData("size(request.cluster) == 7 && request.cluster.size() == 7", true)]
    [InlineData("user.subject + '/' + user.email == 'sub-1/alice@example.com'", true)]
    [InlineData("user.groups == ['payments-devs', 'oncall']", true)]
    [InlineData("!(request.cluster < 'a') && 'b' > 'a' && 'a' <= 'a' && 'b' >= 'a'", true)]
    [InlineData("now.getHours() == 3 && now.getMinutes() == 30 && now.getDayOfWeek() == 3 && now.getFullYear() == 2026", true)]
    [InlineData("now > timestamp('2026-11-25T03:00:00Z') && now < timestamp('2026-11-25T04:00:00+00:00')", true)]
    [InlineData("now - timestamp('2026-11-25T01:30:00Z') == duration('2h')", true)]
    [InlineData("now + duration('1h') > now && now - duration('30m') < now", true)]
    [InlineData("duration('1h') + duration('30m') == duration('1h30m') && duration('2h') - duration('1h') < duration('90m')", true)]
    [InlineData("request.cluster == 'prod-eu' ? request.duration <= 7200 : true", true)]
    [InlineData("(request.duration > 60 ? 'long' : 'short') == 'long'", true)]
    [InlineData("true || 1 / 0 == 1", true)]
    [InlineData("false && 1 / 0 == 1", false)]
    public void Evaluate_Expression_GivesTheCelResult(string expression, bool expected)
    {
        CelProgram.Compile(expression).Evaluate(in Context).ShouldBe(expected);
    }

    [Theory]
    [InlineData("request.duration", 0, "a condition must be a bool expression, this one is int")]
    [InlineData("request.reasn == ''", 8, "request has no field 'reasn' (it has cluster, namespace, role, duration, reason)")]
    [InlineData("req.reason == ''", 0, "undeclared reference 'req' (the variables are request, user and now)")]
    [InlineData("request.duration == '1h'", 17, "no operator '==' for int and string")]
    [InlineData("request.reason.matches(user.name)", 23, "the pattern of matches() must be a string literal")]
    [InlineData("request.reason.matches('[')", 23, "invalid regular expression")]
    [InlineData("request.reason.lower() == ''", 15, "unknown method of string 'lower' with 0 argument(s)")]
    [InlineData("now.getHours() > 1 && now.hour > 1", 26, "type timestamp has no fields")]
    [InlineData("exists(user.groups)", 0, "unknown function 'exists' with 1 argument(s)")]
    [InlineData("(request.duration > 1", 21, "expected ')', found end of expression")]
    [InlineData("request.duration > 1)", 20, "unexpected ')', expected an operator or end of expression")]
    [InlineData("request.reason == 'INC", 18, "unterminated string literal")]
    [InlineData("request.reason == '\\q'", 19, "unsupported escape sequence '\\q'")]
    [InlineData("request.duration >= 99999999999999999999", 20, "integer literal out of range")]
    [InlineData("request.duration # 2", 17, "unexpected character '#'")]
    [InlineData("1 in user.groups", 0, "the left operand of 'in' must be string, found int")]
    [InlineData("!request.reason", 1, "the operand of '!' must be bool, found string")]
    [InlineData("request.duration > 1 && 'x'", 24, "the right operand of '&&' must be bool, found string")]
    [InlineData("[1] == []", 1, "a list element must be string, found int")]
    [InlineData("(true ? 1 : 'a') == 1", 12, "the second branch of '?:' must be int, found string")]
    [InlineData("timestamp('yesterday') < now", 10, "timestamp() needs an RFC 3339 time")]
    [InlineData("duration('1 day') > duration('1h')", 9, "duration() needs a duration like \"1h30m\"")]
    [InlineData("size(1) == 1", 0, "size() takes a string or a list, found int")]
    [InlineData("request.reason.", 15, "expected a field or method name, found end of expression")]
    public void Compile_InvalidExpression_FailsWithOffsetAndMessage(string expression, int offset, string message)
    {
        var error = Should.Throw<CelCompileException>(() => CelProgram.Compile(expression));

        error.Message.ShouldStartWith(message);
        error.Offset.ShouldBe(offset);
    }

    [Theory]
    [InlineData("10 / (request.duration - 5400) == 1", "division by zero")]
    [InlineData("10 % (request.duration - 5400) == 1", "division by zero")]
    [InlineData("request.duration * 9223372036854775807 > 0", "integer overflow")]
    [InlineData("-(-9223372036854775807 - 1) > 0", "integer overflow")]
    [InlineData("timestamp('9999-12-31T23:00:00Z') + duration('2h') > now", "timestamp or duration out of range")]
    public void Evaluate_RuntimeFailure_ThrowsAnEvaluationError(string expression, string message)
    {
        var program = CelProgram.Compile(expression);

        Should.Throw<CelEvaluationException>(() => program.Evaluate(in Context)).Message.ShouldBe(message);
    }
}
