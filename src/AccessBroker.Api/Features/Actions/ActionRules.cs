using System.Text.RegularExpressions;
using FluentValidation;

namespace AccessBroker.Api.Features.Actions;

internal static partial class ActionRules
{
    /// <summary>Deployment and pod names are DNS subdomains (RFC 1123, at most 253 characters), as Kubernetes requires.</summary>
    public static IRuleBuilderOptions<T, string> ObjectName<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(253)
            .Matches(DnsSubdomain()).WithMessage("'{PropertyValue}' is not a DNS subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");

    /// <summary>Every mutating action says why: the reason goes into both audit records.</summary>
    public static IRuleBuilderOptions<T, string> ActionReason<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.NotEmpty().MaximumLength(500);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();
}
