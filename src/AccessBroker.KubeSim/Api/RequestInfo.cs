namespace AccessBroker.KubeSim.Api;

/// <summary>
/// A request path read as Kubernetes reads it (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
/// /api/v1/... and /apis/GROUP/VERSION/... are resource requests; everything else is a non-resource path.
/// </summary>
internal sealed record RequestInfo(
    bool IsResourceRequest,
    string Path,
    string Verb,
    string ApiGroup = "",
    string ApiVersion = "",
    string Namespace = "",
    string Resource = "",
    string Subresource = "",
    string Name = "")
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, bool watch)
    {
        var nonResource = new RequestInfo(false, path, method.ToLowerInvariant());
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count < 3 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }
        var group = "";
        parts.RemoveAt(0);
        if (path.StartsWith("/apis/", StringComparison.Ordinal))
        {
            if (parts.Count < 3)
            {
                return nonResource;
            }
            group = parts[0];
            parts.RemoveAt(0);
        }
        var version = parts[0];
        parts.RemoveAt(0);

        var @namespace = "";
        if (parts[0] == "namespaces" && parts.Count > 1)
        {
            @namespace = parts[1];
            if (parts.Count > 2 && !NamespaceSubresources.Contains(parts[2]))
            {
                parts.RemoveRange(0, 2);
            }
        }
        var resource = parts[0];
        var name = parts.Count >= 2 ? parts[1] : "";
        var subresource = parts.Count >= 3 ? parts[2] : "";
        var verb = method switch
        {
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => watch ? "watch" : name.Length == 0 ? "list" : "get",
        };
        return new RequestInfo(true, path, verb, group, version, @namespace, resource, subresource, name);
    }
}
