using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Audit;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Discovery;
using AccessBroker.KubeSim.Pods;
using AccessBroker.KubeSim.Rbac;
using AccessBroker.KubeSim.Workloads;

namespace AccessBroker.KubeSim.Api;

/// <summary>
/// Every request goes through the API server's filter chain in its order: authentication (401), request info,
/// authorization (403), then the handler, and an audit event at ResponseComplete.
/// </summary>
internal sealed class KubeApiDispatcher(
    ServiceAccountTokens tokens,
    RbacAuthorizer authorizer,
    ResourceHandler resources,
    ScaleSubresource scale,
    TokenRequestHandler tokenRequests,
    ReviewHandlers reviews,
    PodLogs logs,
    PodExec exec,
    TimeProvider time,
    AuditWebhook? audit,
    byte[] adminTokenHash,
    string adminName,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var received = time.GetUtcNow();
        UserInfo? user = null;
        RequestInfo? info = null;
        bool? allowed = null;
        var reason = "";
        try
        {
            user = Authenticate(http.Request.Headers.Authorization.ToString());
            user = Impersonate(user, http.Request.Headers);
            info = RequestInfo.Parse(http.Request.Method, http.Request.Path.Value ?? "/", http.Request.Query["watch"] is ["true" or "1"]);
            allowed = false;
            reason = Authorize(user, info, http.WebSockets.IsWebSocketRequest);
            allowed = true;
            var call = new ApiCall(http, info, user);
            await (info.IsResourceRequest ? DispatchResourceAsync(call) : DispatchPathAsync(call));
        }
        catch (KubeApiException e) when (!http.Response.HasStarted)
        {
            await ApiCall.WriteJsonAsync(http, e.Code, e.ToStatus());
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-response.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            logger.LogError(e, "KubeSim failed on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            await ApiCall.WriteJsonAsync(http, 500, KubeApiException.StatusBody(500, "InternalError", $"Internal error occurred: {e.Message}"));
        }
        finally
        {
            audit?.Record(AuditEvent(http, received, user, info, allowed, reason));
        }
    }

    private UserInfo Authenticate(string authorization)
    {
        if (authorization.Length == 0)
        {
            return UserInfo.Anonymous;
        }
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw KubeApiException.Unauthorized();
        }
        var token = authorization[scheme.Length..].Trim();
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), adminTokenHash))
        {
            return UserInfo.Admin(adminName);
        }
        return tokens.Authenticate(token) ?? throw KubeApiException.Unauthorized();
    }

    /// <summary>
    /// Impersonation headers (Impersonate-User, Impersonate-Group), each allowed only with the <c>impersonate</c>
    /// verb on users, groups or serviceaccounts, as the API server's impersonation filter checks.
    /// </summary>
    private UserInfo Impersonate(UserInfo user, IHeaderDictionary headers)
    {
        var name = headers["Impersonate-User"].ToString();
        var groups = headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (name.Length == 0)
        {
            return groups.Count == 0 ? user : throw KubeApiException.BadRequest("requested Impersonate-Group without impersonating a user");
        }
        var serviceAccount = name.StartsWith(UserInfo.ServiceAccountPrefix, StringComparison.Ordinal)
            ? name[UserInfo.ServiceAccountPrefix.Length..].Split(':', 2)
            : null;
        var checks = new List<AuthorizationAttributes>
        {
            serviceAccount is { Length: 2 }
                ? new(user, "impersonate", true, Namespace: serviceAccount[0], Resource: "serviceaccounts", Name: serviceAccount[1])
                : new(user, "impersonate", true, Resource: "users", Name: name),
        };
        checks.AddRange(groups.Select(g => new AuthorizationAttributes(user, "impersonate", true, Resource: "groups", Name: g)));
        foreach (var check in checks.Where(c => !authorizer.Authorize(c, out _)))
        {
            throw Forbidden(check);
        }
        if (serviceAccount is { Length: 2 })
        {
            groups.InsertRange(0, [UserInfo.ServiceAccountsGroup, $"{UserInfo.ServiceAccountsGroup}:{serviceAccount[0]}"]);
        }
        if (name != UserInfo.Anonymous.Name)
        {
            groups.Add(UserInfo.AuthenticatedGroup);
        }
        return new UserInfo(name, "", groups.Distinct().ToList(), new Dictionary<string, IReadOnlyList<string>>());
    }

    private string Authorize(UserInfo user, RequestInfo info, bool webSocket)
    {
        var attributes = new AuthorizationAttributes(user, info.Verb, info.IsResourceRequest, info.Path,
            info.Namespace, info.ApiGroup, info.Resource, info.Subresource, info.Name);
        if (!authorizer.Authorize(attributes, out var reason))
        {
            throw Forbidden(attributes);
        }
        // A WebSocket exec arrives as GET; like kube-apiserver with AuthorizePodWebsocketUpgradeCreatePermission
        // (KEP-4006), it must also be allowed to create pods/exec, the verb SPDY exec is checked for.
        if (webSocket && info.Subresource == "exec" && info.Verb == "get")
        {
            var create = attributes with { Verb = "create" };
            if (!authorizer.Authorize(create, out _))
            {
                throw Forbidden(create);
            }
        }
        return reason;
    }

    private static KubeApiException Forbidden(AuthorizationAttributes attributes) =>
        attributes.IsResourceRequest
            ? KubeApiException.Forbidden(attributes.ApiGroup, attributes.Resource, attributes.Name, attributes.ForbiddenMessage())
            : new KubeApiException(403, "Forbidden", $"forbidden: {attributes.ForbiddenMessage()}", new JsonObject());

    private async Task DispatchResourceAsync(ApiCall call)
    {
        var info = call.Info;
        var type = ResourceCatalog.Find(info.ApiGroup, info.ApiVersion, info.Resource) ?? throw KubeApiException.UnknownResource();
        if (!type.IsStored)
        {
            await reviews.HandleAsync(call, type);
            return;
        }
        if (info.Subresource.Length == 0)
        {
            await resources.HandleAsync(call, type);
            return;
        }
        await ((type.Plural, info.Subresource) switch
        {
            ("pods", "log") => logs.HandleAsync(call),
            ("pods", "exec") => exec.HandleAsync(call),
            ("serviceaccounts", "token") => tokenRequests.HandleAsync(call),
            ("deployments" or "replicasets", "scale") => scale.HandleAsync(call, type),
            _ => throw KubeApiException.UnknownResource(),
        });
    }

    private static Task DispatchPathAsync(ApiCall call)
    {
        var path = call.Info.Path.TrimEnd('/');
        var http = call.Http;
        JsonNode? document = path switch
        {
            "/version" => DiscoveryDocuments.Version(),
            "/api" => DiscoveryDocuments.ApiVersions($"{http.Request.Host}"),
            "/apis" => DiscoveryDocuments.GroupList(),
            "/openapi/v3" => OpenApiV3Documents.Root(),
            _ when path.StartsWith("/api/", StringComparison.Ordinal) => DiscoveryDocuments.ResourceList(path["/api/".Length..]),
            _ when path.StartsWith("/apis/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2 => DiscoveryDocuments.Group(path["/apis/".Length..]),
            _ when path.StartsWith("/apis/", StringComparison.Ordinal) => DiscoveryDocuments.ResourceList(path["/apis/".Length..]),
            _ => null,
        };
        if (document is not null)
        {
            return call.RespondAsync(200, document);
        }
        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal) && OpenApiV3Documents.Document(path["/openapi/v3/".Length..]) is { } openApi)
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(openApi, call.Aborted);
        }
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            http.Response.ContentType = "text/plain";
            return http.Response.WriteAsync("ok", call.Aborted);
        }
        throw KubeApiException.UnknownResource();
    }

    /// <summary>
    /// The audit.k8s.io/v1 Event at ResponseComplete (Metadata level); <paramref name="allowed"/> is null when the
    /// request never reached authorization.
    /// </summary>
    private JsonObject AuditEvent(HttpContext http, DateTimeOffset received, UserInfo? user, RequestInfo? info, bool? allowed, string reason)
    {
        var code = http.Response.StatusCode;
        var auditEvent = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = "Metadata",
            ["auditID"] = Guid.NewGuid().ToString(),
            ["stage"] = "ResponseComplete",
            ["requestURI"] = $"{http.Request.Path}{http.Request.QueryString}",
            ["verb"] = info?.Verb ?? http.Request.Method.ToLowerInvariant(),
            ["user"] = user is null ? new JsonObject() : ReviewHandlers.UserInfoJson(user),
            ["sourceIPs"] = new JsonArray(http.Connection.RemoteIpAddress?.ToString() ?? ""),
            ["userAgent"] = http.Request.Headers.UserAgent.ToString(),
        };
        if (info is { IsResourceRequest: true })
        {
            var objectRef = new JsonObject { ["resource"] = info.Resource };
            AddIfSet(objectRef, "namespace", info.Namespace);
            AddIfSet(objectRef, "name", info.Name);
            objectRef["apiGroup"] = info.ApiGroup;
            objectRef["apiVersion"] = info.ApiVersion;
            AddIfSet(objectRef, "subresource", info.Subresource);
            auditEvent["objectRef"] = objectRef;
        }
        var responseStatus = new JsonObject { ["metadata"] = new JsonObject() };
        if (code >= 400)
        {
            responseStatus["status"] = "Failure";
        }
        responseStatus["code"] = code;
        auditEvent["responseStatus"] = responseStatus;
        auditEvent["requestReceivedTimestamp"] = MicroTime(received);
        auditEvent["stageTimestamp"] = MicroTime(time.GetUtcNow());
        if (allowed is not null)
        {
            auditEvent["annotations"] = new JsonObject
            {
                ["authorization.k8s.io/decision"] = allowed.Value ? "allow" : "forbid",
                ["authorization.k8s.io/reason"] = reason,
            };
        }
        return auditEvent;
    }

    private static void AddIfSet(JsonObject obj, string key, string value)
    {
        if (value.Length > 0)
        {
            obj[key] = value;
        }
    }

    private static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
