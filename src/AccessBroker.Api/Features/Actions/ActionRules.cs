using FluentValidation;

namespace AccessBroker.Api.Features.Actions;

internal static class ActionRules
{
    /// <summary>Deployment and pod names are DNS subdomains (at most 253 characters); the cluster checks the rest.</summary>
    public static IRuleBuilderOptions<T, string> ObjectName<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.NotEmpty().MaximumLength(253);

    /// <summary>Every mutating action says why: the reason goes into both audit records.</summary>
    public static IRuleBuilderOptions<T, string> ActionReason<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.NotEmpty().MaximumLength(500);
}
