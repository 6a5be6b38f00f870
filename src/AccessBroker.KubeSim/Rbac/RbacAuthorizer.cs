using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Rbac;

/// <summary>
/// The RBAC authorizer over the store's Roles, ClusterRoles and bindings, following
/// plugin/pkg/auth/authorizer/rbac (ClusterRoleBindings apply everywhere, RoleBindings in their namespace;
/// a RoleBinding to a ClusterRole grants the ClusterRole's rules only in the binding's namespace).
/// Members of system:masters are allowed everything, as the API server's privileged-group authorizer does.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    public bool Authorize(AuthorizationAttributes request, out string reason)
    {
        reason = "";
        if (request.User.Groups.Contains(UserInfo.MastersGroup))
        {
            return true;
        }
        foreach (var (binding, rules) in ApplicableBindings(request.User, request.Namespace))
        {
            if (rules.Any(rule => rule.Allows(request)))
            {
                reason = $"RBAC: allowed by {binding}";
                return true;
            }
        }
        return false;
    }

    /// <summary>Every rule granted to the user in a namespace ("" for cluster scope), as the rule resolver's RulesFor.</summary>
    public IReadOnlyList<PolicyRule> RulesFor(UserInfo user, string @namespace) =>
        ApplicableBindings(user, @namespace).SelectMany(b => b.Rules).ToList();

    /// <summary>The rules a roleRef points to; NotFound when the role does not exist.</summary>
    public IReadOnlyList<PolicyRule> RoleReferenceRules(JsonNode? roleRef, string bindingNamespace)
    {
        var kind = roleRef.GetString("kind");
        var name = roleRef.GetString("name") ?? "";
        var role = kind == "Role"
            ? store.GetRequired(ResourceCatalog.Roles, bindingNamespace, name)
            : store.GetRequired(ResourceCatalog.ClusterRoles, null, name);
        return PolicyRule.FromRole(role);
    }

    private IEnumerable<(string Binding, IReadOnlyList<PolicyRule> Rules)> ApplicableBindings(UserInfo user, string @namespace)
    {
        foreach (var binding in store.List(ResourceCatalog.ClusterRoleBindings, null))
        {
            if (AppliesTo(binding, user, ""))
            {
                yield return ($"ClusterRoleBinding \"{binding.Name()}\"", Rules(binding, ""));
            }
        }
        if (@namespace.Length == 0)
        {
            yield break;
        }
        foreach (var binding in store.List(ResourceCatalog.RoleBindings, @namespace))
        {
            if (AppliesTo(binding, user, @namespace))
            {
                yield return ($"RoleBinding \"{binding.Name()}/{@namespace}\"", Rules(binding, @namespace));
            }
        }
    }

    private IReadOnlyList<PolicyRule> Rules(JsonObject binding, string @namespace)
    {
        var roleRef = binding["roleRef"];
        var role = roleRef.GetString("kind") == "Role"
            ? store.Get(ResourceCatalog.Roles, @namespace, roleRef.GetString("name") ?? "")
            : store.Get(ResourceCatalog.ClusterRoles, null, roleRef.GetString("name") ?? "");
        return PolicyRule.FromRole(role);
    }

    /// <summary>Subject matching of rbac.go's appliesToUser.</summary>
    private static bool AppliesTo(JsonObject binding, UserInfo user, string bindingNamespace)
    {
        if (binding["subjects"] is not JsonArray subjects)
        {
            return false;
        }
        return subjects.Any(subject =>
        {
            var name = subject.GetString("name") ?? "";
            return subject.GetString("kind") switch
            {
                "User" => user.Name == name,
                "Group" => user.Groups.Contains(name),
                "ServiceAccount" => user.Name == $"{UserInfo.ServiceAccountPrefix}{subject.GetString("namespace") ?? bindingNamespace}:{name}",
                _ => false,
            };
        });
    }
}
