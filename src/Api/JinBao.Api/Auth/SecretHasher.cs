using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JinBao.Api.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 hashes of client secrets and clerk passwords, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64) so the work factor can be raised without breaking old hashes.
/// </summary>
public static class SecretHasher
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when the account does not exist, so an unknown name costs as long as a wrong secret.
    private static readonly Lazy<string> DummyHash = new(() => Hash("not a secret anyone has"));

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when the secret matches; compares in constant time. A null stored hash burns the same time and fails.</summary>
    public static bool Verify(string secret, string? storedHash)
    {
        var parts = (storedHash ?? DummyHash.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && storedHash is not null;
    }

    /// <summary>A random secret of 32 bytes, URL-safe base64 without padding (43 characters).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
