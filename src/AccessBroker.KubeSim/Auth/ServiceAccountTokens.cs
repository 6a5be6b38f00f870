using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Auth;

/// <summary>
/// Issues and verifies ServiceAccount tokens: RS256 JWTs with the claims of Kubernetes' bound tokens
/// (pkg/serviceaccount/claims.go): iss, aud, exp, iat, nbf, jti, sub and the private "kubernetes.io" claim.
/// </summary>
internal sealed class ServiceAccountTokens : IDisposable
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    public static readonly string[] ApiAudiences = [Issuer];

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId;
    private readonly ObjectStore _store;

    public ServiceAccountTokens(ObjectStore store)
    {
        _store = store;
        _keyId = Base64Url.EncodeToString(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));
    }

    public string Issue(JsonObject serviceAccount, IReadOnlyList<string> audiences, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var now = issuedAt.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = _keyId };
        var claims = new JsonObject
        {
            ["aud"] = audiences.ToJsonArray(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now,
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = serviceAccount.Namespace(),
                ["serviceaccount"] = new JsonObject { ["name"] = serviceAccount.Name(), ["uid"] = serviceAccount.Uid() },
            },
            ["nbf"] = now,
            ["sub"] = $"{UserInfo.ServiceAccountPrefix}{serviceAccount.Namespace()}:{serviceAccount.Name()}",
        };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>
    /// The user a token authenticates, or null. Like the API server's ServiceAccount authenticator, the token
    /// must be signed by us, meant for the API server's audience, within nbf/exp, and its ServiceAccount must
    /// still exist with the uid the token was bound to (so deleting or recreating the ServiceAccount revokes it).
    /// </summary>
    public UserInfo? Authenticate(string token, IReadOnlyList<string>? audiences = null)
    {
        var claims = VerifiedClaims(token);
        if (claims is null)
        {
            return null;
        }
        var now = _store.Time.GetUtcNow().ToUnixTimeSeconds();
        var wanted = audiences is { Count: > 0 } ? audiences : ApiAudiences;
        if (claims.GetString("iss") != Issuer
            || !claims.GetStrings("aud").Intersect(wanted).Any()
            || claims.GetInteger("exp") is not { } exp || now >= exp
            || claims.GetInteger("nbf") is { } nbf && now < nbf)
        {
            return null;
        }
        var binding = claims["kubernetes.io"];
        var @namespace = binding.GetString("namespace") ?? "";
        var name = binding?["serviceaccount"].GetString("name") ?? "";
        var uid = binding?["serviceaccount"].GetString("uid") ?? "";
        var serviceAccount = _store.Get(ResourceCatalog.ServiceAccounts, @namespace, name);
        if (serviceAccount is null || serviceAccount.Uid() != uid)
        {
            return null;
        }
        return UserInfo.ServiceAccount(@namespace, name, uid, claims.GetString("jti") ?? "");
    }

    private JsonObject? VerifiedClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!_key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return null;
            }
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public void Dispose() => _key.Dispose();
}
