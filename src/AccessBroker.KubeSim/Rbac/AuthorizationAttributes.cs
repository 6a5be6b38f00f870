using AccessBroker.KubeSim.Auth;

namespace AccessBroker.KubeSim.Rbac;

/// <summary>What is being asked, as k8s.io/apiserver's authorizer.Attributes.</summary>
internal sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path = "",
    string Namespace = "",
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Name = "")
{
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    /// <summary>The sentence the API server puts in a 403 (endpoints/handlers/responsewriters/errors.go, forbiddenMessage).</summary>
    public string ForbiddenMessage()
    {
        if (!IsResourceRequest)
        {
            return $"User \"{User.Name}\" cannot {Verb} path \"{Path}\"";
        }
        return Namespace.Length > 0
            ? $"User \"{User.Name}\" cannot {Verb} resource \"{ResourceWithSubresource}\" in API group \"{ApiGroup}\" in the namespace \"{Namespace}\""
            : $"User \"{User.Name}\" cannot {Verb} resource \"{ResourceWithSubresource}\" in API group \"{ApiGroup}\" at the cluster scope";
    }
}
