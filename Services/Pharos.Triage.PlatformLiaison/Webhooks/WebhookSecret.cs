using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Webhook signing secrets as the Standard Webhooks specification serialises them: <c>whsec_</c> and the base64 of the
/// key's bytes. A secret an operator configured before that form (any other string) is used as its UTF-8 bytes.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>Bytes of key a secret issued here holds (the specification asks for 24 to 64).</summary>
    public const int KeyBytes = 32;

    public const int MinimumKeyBytes = 24;
    public const int MaximumKeyBytes = 64;

    /// <summary>The longest <c>whsec_</c> secret: the prefix and the base64 of <see cref="MaximumKeyBytes"/>.</summary>
    public const int MaxLength = 6 + (MaximumKeyBytes + 2) / 3 * 4;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public static bool IsStandard(string secret) => secret.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The HMAC key: a <c>whsec_</c> secret's decoded bytes, any other string's UTF-8 bytes.</summary>
    /// <exception cref="FormatException">A <c>whsec_</c> secret whose rest is not base64 (configuration is checked at start).</exception>
    public static byte[] KeyOf(string secret) =>
        IsStandard(secret) ? Convert.FromBase64String(secret[Prefix.Length..]) : Encoding.UTF8.GetBytes(secret);

    /// <summary>Why a <c>whsec_</c> secret cannot sign, as the end of a sentence; null when it can.</summary>
    public static string? Problem(string secret)
    {
        if (!IsStandard(secret)) return null;
        var bytes = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var length))
            return "must be whsec_ followed by base64.";
        return length is < MinimumKeyBytes or > MaximumKeyBytes
            ? $"must hold {MinimumKeyBytes} to {MaximumKeyBytes} bytes of key after whsec_ (it holds {length})."
            : null;
    }
}
