using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AccessBroker.Api.Identity.EmbeddedProvider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Makes access tokens the way an attacker or a broken provider might, signed with the broker's real key or not.</summary>
public sealed class TokenMinter(EmbeddedBrokerHost host)
{
    private readonly X509SecurityKey signingKey = new(host.Services.GetRequiredService<ProviderKeyStore>().SigningCertificates.Single());

    public X509SecurityKey SigningKey => signingKey;

    public string Create(
        string subject = "dev",
        string? issuer = null,
        string audience = "accessbroker",
        TimeSpan? validFrom = null,
        TimeSpan? validFor = null,
        SigningCredentials? credentials = null)
    {
        var now = DateTime.UtcNow;
        var notBefore = now + (validFrom ?? TimeSpan.FromMinutes(-1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? host.Issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore + (validFor ?? TimeSpan.FromMinutes(10)),
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("client_id", "abctl"), new Claim("name", subject)]),
            Claims = new Dictionary<string, object> { ["groups"] = new[] { "payments-devs" } },
            SigningCredentials = credentials ?? new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A validly signed token whose payload was then edited (here: made an admin).</summary>
    public string Tampered()
    {
        var parts = Create().Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["groups"] = JsonSerializer.SerializeToElement(new[] { "platform-admins" });
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
    }

    /// <summary>RFC 8725 section 2.1: a token that declares itself unsigned.</summary>
    public string Unsigned()
    {
        var parts = Create().Split('.');
        return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""")}.{parts[1]}.";
    }

    /// <summary>RFC 8725 section 2.1: HMAC "signed" with the published RSA public key, hoping it is used as an HMAC secret.</summary>
    public string SignedWithPublicKeyAsHmacSecret()
    {
        var publicKey = signingKey.Certificate.GetRSAPublicKey()!.ExportSubjectPublicKeyInfoPem();
        var hmacKey = new SymmetricSecurityKey(System.Text.Encoding.ASCII.GetBytes(publicKey)) { KeyId = signingKey.KeyId };
        return Create(credentials: new SigningCredentials(hmacKey, SecurityAlgorithms.HmacSha256));
    }

    public string SignedWithUnknownKey()
    {
        var otherKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-a-key-of-this-broker" };
        return Create(credentials: new SigningCredentials(otherKey, SecurityAlgorithms.RsaSha256));
    }
}
