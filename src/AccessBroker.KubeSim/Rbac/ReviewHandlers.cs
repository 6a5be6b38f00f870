using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Rbac;

/// <summary>
/// The create-only review resources: SelfSubjectAccessReview (<c>kubectl auth can-i</c>), SelfSubjectRulesReview
/// (<c>kubectl auth can-i --list</c>), SubjectAccessReview,
/// SelfSubjectReview (<c>kubectl auth whoami</c>) and TokenReview. Each answers with the request plus a status.
/// </summary>
internal sealed class ReviewHandlers(RbacAuthorizer authorizer, ServiceAccountTokens tokens)
{
    public async Task HandleAsync(ApiCall call, ResourceType type)
    {
        if (call.Info.Verb != "create")
        {
            throw KubeApiException.MethodNotSupported(type, call.Info.Verb);
        }
        var review = await call.ReadObjectAsync();
        review["apiVersion"] = type.GroupVersion;
        review["kind"] = type.Kind;
        review.Metadata()["creationTimestamp"] = null;
        review["status"] = type.Kind switch
        {
            "SelfSubjectAccessReview" => AccessStatus(call.User, review["spec"]),
            "SubjectAccessReview" => AccessStatus(SubjectOf(review["spec"]), review["spec"]),
            "SelfSubjectRulesReview" => RulesStatus(call.User, review["spec"].GetString("namespace") ?? ""),
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserInfoJson(call.User) },
            _ => TokenStatus(review["spec"]),
        };
        await call.RespondAsync(201, review);
    }

    private JsonObject AccessStatus(UserInfo user, JsonNode? spec)
    {
        var attributes = spec?["resourceAttributes"] is { } resource
            ? new AuthorizationAttributes(user, resource.GetString("verb") ?? "", true,
                Namespace: resource.GetString("namespace") ?? "",
                ApiGroup: resource.GetString("group") ?? "",
                Resource: resource.GetString("resource") ?? "",
                Subresource: resource.GetString("subresource") ?? "",
                Name: resource.GetString("name") ?? "")
            : new AuthorizationAttributes(user, spec?["nonResourceAttributes"].GetString("verb") ?? "", false,
                Path: spec?["nonResourceAttributes"].GetString("path") ?? "");
        var allowed = authorizer.Authorize(attributes, out var reason);
        var status = new JsonObject { ["allowed"] = allowed };
        if (reason.Length > 0)
        {
            status["reason"] = reason;
        }
        return status;
    }

    private JsonObject RulesStatus(UserInfo user, string @namespace)
    {
        var rules = authorizer.RulesFor(user, @namespace);
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rules)
        {
            if (rule.NonResourceUrls.Count > 0)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = rule.Verbs.ToJsonArray(), ["nonResourceURLs"] = rule.NonResourceUrls.ToJsonArray() });
                continue;
            }
            var json = new JsonObject { ["verbs"] = rule.Verbs.ToJsonArray(), ["apiGroups"] = rule.ApiGroups.ToJsonArray(), ["resources"] = rule.Resources.ToJsonArray() };
            if (rule.ResourceNames.Count > 0)
            {
                json["resourceNames"] = rule.ResourceNames.ToJsonArray();
            }
            resourceRules.Add(json);
        }
        return new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
    }

    private static UserInfo SubjectOf(JsonNode? spec)
    {
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        if (spec?["extra"] is JsonObject extraJson)
        {
            foreach (var (key, _) in extraJson)
            {
                extra[key] = extraJson.GetStrings(key);
            }
        }
        return new UserInfo(spec.GetString("user") ?? "", spec.GetString("uid") ?? "", spec.GetStrings("groups"), extra);
    }

    private JsonObject TokenStatus(JsonNode? spec)
    {
        var audiences = spec.GetStrings("audiences");
        var user = tokens.Authenticate(spec.GetString("token") ?? "", audiences);
        if (user is null)
        {
            return new JsonObject { ["authenticated"] = false, ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
        }
        var effective = audiences.Count > 0 ? audiences : ServiceAccountTokens.ApiAudiences;
        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = UserInfoJson(user),
            ["audiences"] = effective.ToJsonArray(),
        };
    }

    public static JsonObject UserInfoJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            json["uid"] = user.Uid;
        }
        json["groups"] = user.Groups.ToJsonArray();
        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra)
            {
                extra[key] = values.ToJsonArray();
            }
            json["extra"] = extra;
        }
        return json;
    }
}
