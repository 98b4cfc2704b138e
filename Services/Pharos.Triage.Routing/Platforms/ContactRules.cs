using System.Text.RegularExpressions;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>
/// What a contact person must hold: a name, and an e-mail or a phone to reach them by (DOMAIN.md: "a contact person
/// who is easy to reach"). Each check is a pure function, each problem named by the field of the body it concerns.
/// </summary>
public static partial class ContactRules
{
    public const int MaxNameLength = 100;

    /// <summary>RFC 5321's limit on a path, and the contact_email column.</summary>
    public const int MaxEmailLength = 254;

    public const int MaxPhoneLength = 32;

    /// <summary>E.164: at most 15 digits, country code included.</summary>
    private const int MaxPhoneDigits = 15;

    private const int MinPhoneDigits = 4;

    /// <summary>The problems of the contact at <paramref name="field"/> (<c>contact</c>, <c>escalationContact</c>), by field.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(ContactBody? contact, string field, bool required)
    {
        if (contact is null)
        {
            if (required) yield return (field, $"{field} is required: the person the ministry can always reach, with an email or a phone.");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(contact.Name)) yield return ($"{field}.name", $"{field}.name is required.");
        else if (contact.Name.Length > MaxNameLength) yield return ($"{field}.name", $"{field}.name must be at most {MaxNameLength} characters.");
        else if (!FreeText.IsOneLine(contact.Name)) yield return ($"{field}.name", $"{field}.name must be one line without control characters.");
        if (contact.Email is null && contact.Phone is null)
            yield return (field, $"{field} must have an email or a phone (or both).");
        if (contact.Email is not null && !IsEmail(contact.Email))
            yield return ($"{field}.email", $"{field}.email must be an email address such as tns@example.com, at most {MaxEmailLength} characters.");
        if (contact.Phone is not null && !IsPhone(contact.Phone))
            yield return ($"{field}.phone",
                $"{field}.phone must be {MinPhoneDigits} to {MaxPhoneDigits} digits, with an optional leading + and single spaces between groups (+33 1 23 45 67 89).");
    }

    /// <summary>
    /// An address a mail server takes: a local part of printable characters without spaces, quotes or the specials
    /// that need them, and a domain that is a host name (<see cref="HostNames"/>).
    /// </summary>
    public static bool IsEmail(string email)
    {
        if (email.Length > MaxEmailLength) return false;
        var at = email.LastIndexOf('@');
        if (at <= 0 || at > 64) return false;
        var local = email[..at];
        return LocalPart().IsMatch(local) && HostNames.Problem(email[(at + 1)..]) is null;
    }

    /// <summary>Digits, with an optional leading + and single spaces between groups: <c>+33 1 23 45 67 89</c>.</summary>
    public static bool IsPhone(string phone)
    {
        if (phone.Length > MaxPhoneLength || !Phone().IsMatch(phone)) return false;
        var digits = phone.Count(char.IsAsciiDigit);
        return digits is >= MinPhoneDigits and <= MaxPhoneDigits;
    }

    // RFC 5322's dot-atom: atoms of these characters, joined by single dots.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")]
    private static partial Regex LocalPart();

    [GeneratedRegex(@"^\+?[0-9]+( [0-9]+)*$")]
    private static partial Regex Phone();
}
