namespace AccessBroker.KubeSim.Auth;

/// <summary>An authenticated identity, shaped like k8s.io/apiserver's user.Info.</summary>
internal sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string MastersGroup = "system:masters";
    public const string AuthenticatedGroup = "system:authenticated";
    public const string ServiceAccountPrefix = "system:serviceaccount:";
    public const string ServiceAccountsGroup = "system:serviceaccounts";

    /// <summary>The extra key under which Kubernetes (1.29+) names the credential: "JTI=&lt;jti&gt;" for ServiceAccount tokens.</summary>
    public const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";

    public static readonly UserInfo Anonymous = new("system:anonymous", "", ["system:unauthenticated"], new Dictionary<string, IReadOnlyList<string>>());

    public static UserInfo Admin(string name) =>
        new(name, "", [MastersGroup, AuthenticatedGroup], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The identity of a ServiceAccount token, with the groups the ServiceAccount authenticator adds.</summary>
    public static UserInfo ServiceAccount(string @namespace, string name, string uid, string tokenId) =>
        new($"{ServiceAccountPrefix}{@namespace}:{name}", uid,
            [ServiceAccountsGroup, $"{ServiceAccountsGroup}:{@namespace}", AuthenticatedGroup],
            new Dictionary<string, IReadOnlyList<string>> { [CredentialIdExtra] = [$"JTI={tokenId}"] });
}
