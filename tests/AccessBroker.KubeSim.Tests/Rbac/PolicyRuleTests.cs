using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Rbac;

namespace AccessBroker.KubeSim.Tests.Rbac;

/// <summary>Rule matching of plugin/pkg/auth/authorizer/rbac (RuleAllows), one row per case.</summary>
public sealed class PolicyRuleTests
{
    private static readonly UserInfo User = UserInfo.Anonymous;

    public static TheoryData<string, string[], string[], string[], string[], string, string, string, string, string, bool> Cases => new()
    {
        // description, verbs, apiGroups, resources, resourceNames, verb, group, resource, subresource, name, allowed
        { "exact match", ["get"], ["apps"], ["deployments"], [], "get", "apps", "deployments", "", "web", true },
        { "other verb", ["get"], ["apps"], ["deployments"], [], "delete", "apps", "deployments", "", "web", false },
        { "other group", ["get"], [""], ["deployments"], [], "get", "apps", "deployments", "", "web", false },
        { "verb wildcard", ["*"], ["apps"], ["deployments"], [], "patch", "apps", "deployments", "", "web", true },
        { "group wildcard", ["get"], ["*"], ["deployments"], [], "get", "apps", "deployments", "", "web", true },
        { "resource wildcard covers subresources", ["get"], [""], ["*"], [], "get", "", "pods", "log", "p", true },
        { "resource does not cover its subresource", ["create"], [""], ["pods"], [], "create", "", "pods", "exec", "p", false },
        { "subresource named exactly", ["create"], [""], ["pods/exec"], [], "create", "", "pods", "exec", "p", true },
        { "subresource does not cover the resource", ["get"], [""], ["pods/log"], [], "get", "", "pods", "", "p", false },
        { "star-slash subresource", ["patch"], ["apps"], ["*/scale"], [], "patch", "apps", "deployments", "scale", "web", true },
        { "star-slash needs a subresource", ["patch"], ["apps"], ["*/scale"], [], "patch", "apps", "deployments", "", "web", false },
        { "resourceNames match", ["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], ["accessbroker:view"], "bind", "rbac.authorization.k8s.io", "clusterroles", "", "accessbroker:view", true },
        { "resourceNames miss", ["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], ["accessbroker:view"], "bind", "rbac.authorization.k8s.io", "clusterroles", "", "cluster-admin", false },
        { "resourceNames never allow list", ["list"], [""], ["pods"], ["p"], "list", "", "pods", "", "", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allows_FollowsRbacRuleMatching(
        string description, string[] verbs, string[] groups, string[] resources, string[] names,
        string verb, string group, string resource, string subresource, string name, bool allowed)
    {
        var rule = new PolicyRule(verbs, groups, resources, names, []);
        var request = new AuthorizationAttributes(User, verb, true, ApiGroup: group, Resource: resource, Subresource: subresource, Name: name);

        rule.Allows(request).ShouldBe(allowed, description);
    }

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/apis/*", "/apis/apps/v1", true)]
    [InlineData("/apis", "/apis/apps", false)]
    [InlineData("*", "/anything", true)]
    public void Allows_NonResourceUrls_ExactOrTrailingStar(string ruleUrl, string path, bool allowed)
    {
        var rule = new PolicyRule(["get"], [], [], [], [ruleUrl]);

        rule.Allows(new AuthorizationAttributes(User, "get", false, Path: path)).ShouldBe(allowed);
    }
}
