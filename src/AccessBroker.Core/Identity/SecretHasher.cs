using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AccessBroker.Core.Identity;

/// <summary>
/// Hashes passwords and client secrets for configuration files, and checks them at sign-in.
/// </summary>
/// <remarks>
/// Format: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> with SALT (16 bytes) and HASH (32 bytes) in base64.
/// PBKDF2-HMAC-SHA256 with 600 000 iterations follows OWASP's password storage guidance (2023); the iteration
/// count is stored in each hash so it can be raised later without invalidating existing hashes.
/// </remarks>
public static class SecretHasher
{
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int MinimumIterations = 10_000;

    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="hash"/>; false for a wrong secret or a malformed hash.</summary>
    public static bool Verify(string secret, string hash)
    {
        if (string.IsNullOrEmpty(secret) || !TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsWellFormed(string? hash) => TryParse(hash, out _, out _, out _);

    private static bool TryParse(string? hash, out int iterations, out byte[] salt, out byte[] expected)
    {
        iterations = 0;
        salt = expected = [];
        var parts = hash?.Split('$');
        if (parts is not [Scheme, var iterationText, var saltText, var hashText]
            || !int.TryParse(iterationText, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < MinimumIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            expected = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= SaltSize && expected.Length == HashSize;
    }
}
