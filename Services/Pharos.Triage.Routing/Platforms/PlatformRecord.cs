using Pharos.Triage.Contracts;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>
/// A platform's record as Routing, its owner, keeps it (DOMAIN.md, "Platforms and their contact persons"), and as the
/// audit shows it before and after each change. Domains are lower case and in order, so that two records of the same
/// platform compare as their content does.
/// </summary>
public sealed record PlatformRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages)
{
    /// <summary>
    /// Whether the ministry can reach the platform's contact person: a contact with an e-mail or a phone. The seeded
    /// platforms have none until an admin gives them one, and are flagged until then.
    /// </summary>
    public static bool IsReachable(ContactPerson? contact) =>
        contact is not null && (!string.IsNullOrEmpty(contact.Email) || !string.IsNullOrEmpty(contact.Phone));

    /// <summary>Whether the two hold the same data (record equality compares lists by reference).</summary>
    public bool SameAs(PlatformRecord other) =>
        Id == other.Id && Name == other.Name && Domains.SequenceEqual(other.Domains) && Contact == other.Contact
        && EscalationContact == other.EscalationContact && Languages.SequenceEqual(other.Languages);

    /// <summary>The message that announces this record at <paramref name="version"/>.</summary>
    public PlatformChanged Announced(long version, DateTimeOffset at, string by) =>
        new(Id, version, Name, Domains, Contact, EscalationContact, Languages, at, by);
}
