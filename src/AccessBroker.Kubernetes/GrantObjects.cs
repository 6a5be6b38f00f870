namespace AccessBroker.Kubernetes;

/// <summary>The cluster objects one grant owns: its ServiceAccount and the RoleBinding that gives it the role.</summary>
public sealed record GrantObjects(string ServiceAccountNamespace, string ServiceAccountName, string RoleBindingNamespace, string RoleBindingName)
{
    /// <summary>The Kubernetes user name of the grant's ServiceAccount, as RBAC and audit events see it.</summary>
    public string UserName => $"system:serviceaccount:{ServiceAccountNamespace}:{ServiceAccountName}";
}

/// <summary>What to provision for a grant.</summary>
/// <param name="GrantId">The grant; its short form names the objects (<c>ab-&lt;12 hex&gt;</c>).</param>
/// <param name="Namespace">Target namespace of the RoleBinding.</param>
/// <param name="Role">Role template name; bound as ClusterRole <c>accessbroker:&lt;role&gt;</c>.</param>
/// <param name="EndsAt">Recorded as an annotation so an operator can see when the objects should be gone.</param>
public sealed record GrantProvisioning(Guid GrantId, string Namespace, string Role, DateTimeOffset EndsAt)
{
    public string ObjectName => GrantObjectNames.For(GrantId);
}

/// <summary>A ServiceAccount token from TokenRequest. It is handed out, never stored.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// <c>JTI=&lt;jti&gt;</c>, as Kubernetes (1.29+) names the credential in <c>user.extra["authentication.kubernetes.io/credential-id"]</c>
    /// of its audit events, so the audit log can tie each call to the credential the broker issued. The jti is an
    /// identifier, not a secret; null when the token carries none.
    /// </summary>
    public string? CredentialId => ReadJti(Token) is { Length: > 0 } jti ? $"JTI={jti}" : null;

    private static string? ReadJti(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && payload.RootElement.TryGetProperty("jti", out var jti) && jti.ValueKind == System.Text.Json.JsonValueKind.String
                ? jti.GetString()
                : null;
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>A cluster object labelled as AccessBroker's, with the grant it says it belongs to.</summary>
public sealed record ManagedObject(string Kind, string Namespace, string Name, Guid? GrantId);

/// <summary>One permission to check with a SubjectAccessReview.</summary>
public sealed record AccessCheck(string Verb, string Resource, string Namespace, string Group = "", string? Subresource = null, string? Name = null);

/// <summary>The server and CA of a cluster, for the kubeconfigs the broker hands out.</summary>
public sealed record ClusterEndpoint(Uri Server, string? CertificateAuthorityData);
