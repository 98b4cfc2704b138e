namespace Pharos.Triage.StaffConsole.Platforms;

/// <summary>A contact person as the API gives it: a name, and an e-mail or a phone.</summary>
public sealed record ContactPerson(string Name, string? Email, string? Phone);

/// <summary>A platform as <c>GET /api/admin/platforms</c> gives it (API.md, "Admin").</summary>
public sealed record PlatformView(
    string Id,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages,
    bool ContactReachable,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

/// <summary>A platform's record as a change keeps it, before and after.</summary>
public sealed record PlatformState(
    string Id,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages);

/// <summary>One recorded change of a platform (<c>GET /api/admin/platforms/{id}/changes</c>).</summary>
public sealed record PlatformChange(long Id, long Version, DateTimeOffset ChangedAt, string ChangedBy, PlatformState? Before, PlatformState After)
{
    /// <summary>What the change touched, in the page's words; a creation is said as such.</summary>
    public IReadOnlyList<string> What()
    {
        if (Before is null) return ["création"];
        var what = new List<string>();
        if (Before.Name != After.Name) what.Add("nom");
        if (!Before.Domains.SequenceEqual(After.Domains)) what.Add("domaines");
        if (Before.Contact != After.Contact) what.Add("contact");
        if (Before.EscalationContact != After.EscalationContact) what.Add("contact d'escalade");
        if (!Before.Languages.SequenceEqual(After.Languages)) what.Add("langues");
        return what.Count == 0 ? ["aucun champ"] : what;
    }
}
