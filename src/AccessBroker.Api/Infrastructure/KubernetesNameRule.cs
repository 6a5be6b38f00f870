using AccessBroker.Core.Policies;
using FluentValidation;

namespace AccessBroker.Api.Infrastructure;

internal static class KubernetesNameRule
{
    /// <summary>Cluster, namespace and role names are Kubernetes DNS labels (RFC 1123): the same check the policy loader uses.</summary>
    public static IRuleBuilderOptions<T, string> KubernetesName<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().Must(name => PolicyNames.CheckDnsLabel(name) is null)
            .WithMessage((_, name) => PolicyNames.CheckDnsLabel(name ?? string.Empty) ?? "must be a DNS label");
}
