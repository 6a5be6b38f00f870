using System.Buffers.Text;
using System.Text;

namespace AccessBroker.Kubernetes.Tests;

public sealed class IssuedTokenTests
{
    [Fact]
    public void CredentialId_OfAServiceAccountToken_IsItsJti_AsKubernetesNamesItInAuditEvents()
    {
        var token = new IssuedToken(Jwt("{\"iss\":\"https://kubernetes.default.svc\",\"jti\":\"5f1c2a\",\"sub\":\"system:serviceaccount:accessbroker:ab-1\"}"), DateTimeOffset.UnixEpoch);

        token.CredentialId.ShouldBe("JTI=5f1c2a");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.%%%.c")]
    public void CredentialId_OfATokenWithoutReadablePayload_IsNull(string raw) =>
        new IssuedToken(raw, DateTimeOffset.UnixEpoch).CredentialId.ShouldBeNull();

    [Fact]
    public void CredentialId_OfATokenWithoutJti_IsNull() =>
        new IssuedToken(Jwt("{\"sub\":\"x\"}"), DateTimeOffset.UnixEpoch).CredentialId.ShouldBeNull();

    private static string Jwt(string payload) =>
        $"eyJhbGciOiJSUzI1NiJ9.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.c2lnbmF0dXJl";
}
