using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.Access.ApiKeys;

/// <summary>
/// An API key as an operator hands it over: <c>phr_&lt;prefix&gt;_&lt;secret&gt;</c>. The prefix is public
/// (it finds the key and names it in listings); the secret is 256 random bits, kept only as a hash.
/// </summary>
public sealed record ApiKeyToken(string Prefix, string Token)
{
    private const string Scheme = "phr_";
    private const string PrefixAlphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    public static ApiKeyToken Generate()
    {
        var prefix = new string(RandomNumberGenerator.GetItems<char>(PrefixAlphabet, 8));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new ApiKeyToken(prefix, $"{Scheme}{prefix}_{secret}");
    }

    /// <summary>The prefix of a token that has the shape of an API key; null for anything else.</summary>
    public static string? PrefixOf(string token)
    {
        if (!token.StartsWith(Scheme, StringComparison.Ordinal) || token.Length != Scheme.Length + 8 + 1 + 43) return null;
        return token[Scheme.Length + 8] == '_' ? token.Substring(Scheme.Length, 8) : null;
    }

    /// <summary>A high-entropy secret needs no slow hash: SHA-256 cannot be reversed, and guessing 256 bits is hopeless.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool Matches(string token, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);
}
