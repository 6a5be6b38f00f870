using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Auth;

/// <summary>
/// <c>POST .../serviceaccounts/NAME/token</c> (TokenRequest). Validation follows pkg/apis/authentication/validation:
/// expirationSeconds below 600 is refused with 422; above the configured maximum it is shortened to the maximum,
/// as the API server does with --service-account-max-token-expiration. The default is one hour.
/// </summary>
internal sealed class TokenRequestHandler(ObjectStore store, ServiceAccountTokens tokens, long maxExpirationSeconds)
{
    private const long MinExpirationSeconds = 600;
    private const long DefaultExpirationSeconds = 3600;

    private static readonly ResourceType TokenRequestType =
        ResourceType.Create<k8s.Models.Authenticationv1TokenRequest>("authentication.k8s.io", "v1", "token", "TokenRequest", true, ResourceType.CreateOnly);

    public async Task HandleAsync(ApiCall call)
    {
        if (call.Info.Verb != "create")
        {
            throw KubeApiException.MethodNotSupported(TokenRequestType, call.Info.Verb);
        }
        var request = await call.ReadObjectAsync();
        var spec = request["spec"] as JsonObject ?? [];
        var expirationSeconds = spec.GetInteger("expirationSeconds") ?? DefaultExpirationSeconds;
        if (expirationSeconds < MinExpirationSeconds)
        {
            throw KubeApiException.Invalid(TokenRequestType, call.Info.Name,
                [FieldError.InvalidValue("spec.expirationSeconds", expirationSeconds, "may not specify a duration less than 10 minutes")]);
        }
        if (expirationSeconds > 1L << 32)
        {
            throw KubeApiException.Invalid(TokenRequestType, call.Info.Name,
                [FieldError.InvalidValue("spec.expirationSeconds", expirationSeconds, "may not specify a duration larger than 2^32 seconds")]);
        }
        expirationSeconds = Math.Min(expirationSeconds, maxExpirationSeconds);
        var serviceAccount = store.GetRequired(ResourceCatalog.ServiceAccounts, call.Info.Namespace, call.Info.Name);
        var audiences = spec.GetStrings("audiences");
        if (audiences.Count == 0)
        {
            audiences = ServiceAccountTokens.ApiAudiences;
        }
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(store.Time.GetUtcNow().ToUnixTimeSeconds());
        var expires = issuedAt.AddSeconds(expirationSeconds);
        var token = tokens.Issue(serviceAccount, audiences, issuedAt, expires);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = serviceAccount.Name(),
                ["namespace"] = serviceAccount.Namespace(),
                ["creationTimestamp"] = ObjectMetadata.Timestamp(issuedAt),
            },
            ["spec"] = new JsonObject
            {
                ["audiences"] = audiences.ToJsonArray(),
                ["expirationSeconds"] = expirationSeconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMetadata.Timestamp(expires) },
        };
        await call.RespondAsync(201, response);
    }
}
