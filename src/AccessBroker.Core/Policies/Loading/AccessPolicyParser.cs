using AccessBroker.Core.Policies.Cel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

internal static class AccessPolicyParser
{
    private static readonly string[] Modes = ["auto", "manual", "deny"];

    public static AccessPolicy Parse(YamlMapping spec, string name, SourcePosition source, PolicyDocuments documents)
    {
        var subjects = ParseSubjects(spec);
        var clusters = spec.Strings("clusters", requireItems: true, PolicyNames.CheckGlob).Select(Glob.Compile).ToList();
        var namespaces = spec.Strings("namespaces", requireItems: true, PolicyNames.CheckGlob).Select(Glob.Compile).ToList();
        var roles = new List<string>();
        foreach (var (node, path) in spec.Sequence("roles", requireItems: true))
        {
            if (spec.Scalar(node, path) is { } role)
            {
                roles.Add(role);
                documents.ReferToRole(role, node, spec.Errors);
            }
        }

        var approval = ParseApproval(spec);
        var maxDuration = ParseMaxDuration(spec, approval);
        var conditions = spec.Sequence("conditions", requireItems: false)
            .Select(item => ParseCondition(spec.Errors, item.Node, item.Path))
            .OfType<PolicyCondition>()
            .ToList();
        return new AccessPolicy(name, subjects, clusters, namespaces, roles, maxDuration, approval ?? ApprovalRequirement.Deny, conditions, source);
    }

    private static SubjectSelector ParseSubjects(YamlMapping spec)
    {
        var subjects = spec.Mapping("subjects", required: true, "groups", "users");
        if (subjects is null)
        {
            return new SubjectSelector([], []);
        }

        var selector = new SubjectSelector(
            subjects.Strings("groups", requireItems: false, PolicyNames.CheckNotEmpty),
            subjects.Strings("users", requireItems: false, PolicyNames.CheckNotEmpty));
        if (selector.Groups.Count == 0 && selector.Users.Count == 0)
        {
            spec.Errors.Add(subjects.Node, "spec.subjects: expected at least one group or user (users: [\"*\"] means everyone)");
        }

        return selector;
    }

    private static ApprovalRequirement? ParseApproval(YamlMapping spec)
    {
        var approval = spec.Mapping("approval", required: true, "mode", "approvers");
        var mode = approval?.String("mode", required: true);
        if (approval is null || mode is null)
        {
            return null;
        }

        if (!Modes.Contains(mode))
        {
            spec.Errors.Add(approval.NodeOf("mode"), $"spec.approval.mode: expected one of {string.Join(", ", Modes)}, found '{mode}'");
            return null;
        }

        if (mode != "manual")
        {
            if (approval.Optional("approvers") is { } approvers)
            {
                spec.Errors.Add(approvers, $"spec.approval.approvers: only allowed with mode manual, not {mode}");
            }

            return mode == "auto" ? ApprovalRequirement.Auto : ApprovalRequirement.Deny;
        }

        var approverFields = approval.Mapping("approvers", required: true, "groups", "count");
        if (approverFields is null)
        {
            return new ApprovalRequirement(ApprovalMode.Manual, [], 1);
        }

        var groups = approverFields.Strings("groups", requireItems: true, PolicyNames.CheckNotEmpty);
        var count = approverFields.Integer("count", required: true) ?? 1;
        if (count < 1)
        {
            spec.Errors.Add(approverFields.NodeOf("count"), $"spec.approval.approvers.count: expected at least 1 approver, found {count}");
        }

        return new ApprovalRequirement(ApprovalMode.Manual, groups, count);
    }

    private static TimeSpan? ParseMaxDuration(YamlMapping spec, ApprovalRequirement? approval)
    {
        var text = spec.String("maxDuration", required: approval is not null && approval.Mode != ApprovalMode.Deny);
        if (text is null)
        {
            return null;
        }

        if (approval?.Mode == ApprovalMode.Deny)
        {
            spec.Errors.Add(spec.NodeOf("maxDuration"), "spec.maxDuration: not allowed with mode deny, which denies any duration");
            return null;
        }

        if (PolicyDuration.TryParse(text, out var duration))
        {
            return duration;
        }

        spec.Errors.Add(spec.NodeOf("maxDuration"), $"spec.maxDuration: expected a duration like 30m, 4h or 1h30m, found '{text}'");
        return null;
    }

    private static PolicyCondition? ParseCondition(YamlErrors errors, YamlNode node, string path)
    {
        var condition = YamlMapping.Open(errors, node, path, "expression", "message");
        var expression = condition?.String("expression", required: true);
        if (condition is null || expression is null)
        {
            return null;
        }

        var message = condition.String("message", required: false) ?? expression;
        var expressionNode = condition.NodeOf("expression");
        try
        {
            return new PolicyCondition(expression, message, errors.PositionOf(node), CelProgram.Compile(expression));
        }
        catch (CelCompileException e)
        {
            var (line, column) = PositionInScalar(expressionNode, expression, e.Offset);
            errors.Add(line, column, $"{path}.expression: {e.Message}");
            return null;
        }
    }

    // A one-line flow scalar maps offsets to columns directly (past the opening quote, if any); for block scalars
    // the offset's line and column inside the text are counted from the line after the indicator.
    private static (long Line, long Column) PositionInScalar(YamlNode node, string expression, int offset)
    {
        var start = node.Start;
        var before = expression.AsSpan(0, Math.Min(offset, expression.Length));
        var lineInText = before.Count('\n');
        var column = offset - (before.LastIndexOf('\n') + 1);
        var style = (node as YamlScalarNode)?.Style ?? ScalarStyle.Plain;
        if (style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return (start.Line + 1 + lineInText, column + 1);
        }

        var quote = style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        return lineInText == 0
            ? (start.Line, start.Column + quote + column)
            : (start.Line + lineInText, column + 1);
    }
}
