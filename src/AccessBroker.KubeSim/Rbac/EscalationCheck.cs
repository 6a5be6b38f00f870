using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Rbac;

/// <summary>
/// RBAC's privilege-escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased):
/// writing a role needs <c>escalate</c> on it or already holding every rule it grants; writing a binding needs
/// <c>bind</c> on the referenced role or already holding every rule of that role. system:masters may do either.
/// </summary>
internal sealed class EscalationCheck(RbacAuthorizer authorizer)
{
    /// <summary>
    /// <paramref name="requestName"/> is the name on the URL, as RoleEscalationAuthorized takes it from the request
    /// info: empty for a create (the name is in the body), so <c>escalate</c> limited by resourceNames never covers a create.
    /// </summary>
    public void ConfirmRoleWrite(UserInfo user, ResourceType type, JsonObject role, string requestName)
    {
        var @namespace = type.Namespaced ? role.Namespace() : "";
        if (EscalationAllowed(user) || Authorized(user, "escalate", type.Plural, @namespace, requestName))
        {
            return;
        }
        ConfirmNoEscalation(user, type, role.Name(), @namespace, PolicyRule.FromRole(role));
    }

    public void ConfirmBindingWrite(UserInfo user, ResourceType type, JsonObject binding)
    {
        var @namespace = type.Namespaced ? binding.Namespace() : "";
        var roleRef = binding["roleRef"];
        var roleResource = roleRef.GetString("kind") == "Role" ? "roles" : "clusterroles";
        if (EscalationAllowed(user) || Authorized(user, "bind", roleResource, @namespace, roleRef.GetString("name") ?? ""))
        {
            return;
        }
        ConfirmNoEscalation(user, type, binding.Name(), @namespace, authorizer.RoleReferenceRules(roleRef, @namespace));
    }

    private static bool EscalationAllowed(UserInfo user) => user.Groups.Contains(UserInfo.MastersGroup);

    private bool Authorized(UserInfo user, string verb, string resource, string @namespace, string name) =>
        authorizer.Authorize(
            new AuthorizationAttributes(user, verb, true, Namespace: @namespace, ApiGroup: ResourceCatalog.RbacGroup, Resource: resource, Name: name),
            out _);

    private void ConfirmNoEscalation(UserInfo user, ResourceType type, string name, string @namespace, IReadOnlyList<PolicyRule> requested)
    {
        var owned = authorizer.RulesFor(user, @namespace);
        var missing = requested.SelectMany(Breakdown).Where(rule => !owned.Any(o => Covers(o, rule))).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var groups = string.Join(' ', user.Groups.Select(g => $"\"{g}\""));
        throw KubeApiException.Forbidden(type.Group, type.Plural, name,
            $"user \"{user.Name}\" (groups=[{groups}]) is attempting to grant RBAC permissions not currently held:\n{string.Join('\n', missing)}");
    }

    /// <summary>One rule per group × resource × verb (× resourceName), and per URL × verb, as validation.BreakdownRule.</summary>
    private static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return new([verb], [group], [resource], [], []);
                    }
                    foreach (var resourceName in rule.ResourceNames)
                    {
                        yield return new([verb], [group], [resource], [resourceName], []);
                    }
                }
            }
        }
        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return new([verb], [], [], [], [url]);
            }
        }
    }

    /// <summary>validation.ruleCovers for a broken-down rule.</summary>
    private static bool Covers(PolicyRule owner, PolicyRule rule)
    {
        var verbs = owner.Verbs.Contains("*") || rule.Verbs.All(owner.Verbs.Contains);
        var groups = owner.ApiGroups.Contains("*") || rule.ApiGroups.All(owner.ApiGroups.Contains);
        var resources = owner.Resources.Contains("*") || rule.Resources.All(r =>
            owner.Resources.Contains(r) || (r.Contains('/', StringComparison.Ordinal) && owner.Resources.Contains("*/" + r.Split('/', 2)[1])));
        var urls = owner.NonResourceUrls.Contains("*") || rule.NonResourceUrls.All(url =>
            owner.NonResourceUrls.Any(o => o == url || (o.EndsWith('*') && url.StartsWith(o[..^1], StringComparison.Ordinal))));
        var names = owner.ResourceNames.Count == 0 || (rule.ResourceNames.Count > 0 && rule.ResourceNames.All(owner.ResourceNames.Contains));
        return verbs && groups && resources && urls && names;
    }
}
