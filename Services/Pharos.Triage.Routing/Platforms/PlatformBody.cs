using Pharos.Triage.Contracts;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>The body of <c>POST /api/admin/platforms</c>: a whole record. API.md, "Admin".</summary>
public sealed record PlatformBody(
    string? Id,
    string? Name,
    IReadOnlyList<string?>? Domains,
    ContactBody? Contact,
    ContactBody? EscalationContact,
    IReadOnlyList<string?>? Languages)
{
    /// <summary>The record a valid body describes: domains lower-cased and put in order, no languages when none are given.</summary>
    public PlatformRecord ToRecord() => new(
        Id!,
        Name!,
        Domains!.Select(d => HostNames.Normalise(d!)).Order(StringComparer.Ordinal).ToList(),
        Contact?.ToPerson(),
        EscalationContact?.ToPerson(),
        Languages?.Select(l => l!).ToList() ?? []);

    public static PlatformBody From(PlatformRecord record) => new(
        record.Id, record.Name, record.Domains.ToList(), ContactBody.From(record.Contact), ContactBody.From(record.EscalationContact),
        record.Languages.ToList());
}

/// <summary>
/// The body of <c>PATCH /api/admin/platforms/{id}</c>: the fields present replace the record's (<c>null</c> included:
/// it removes an escalation contact); <c>id</c>, if present, must be the platform's own.
/// </summary>
public sealed record PlatformPatch(
    string? Id,
    string? Name,
    IReadOnlyList<string?>? Domains,
    ContactBody? Contact,
    ContactBody? EscalationContact,
    IReadOnlyList<string?>? Languages)
{
    /// <summary>
    /// The whole body the platform would have once patched: each field of <paramref name="present"/> (the body's own
    /// names, in any case) from the patch, every other from <paramref name="current"/>.
    /// </summary>
    public PlatformBody ApplyTo(PlatformRecord current, IReadOnlySet<string> present)
    {
        var body = PlatformBody.From(current);
        bool Has(string field) => present.Contains(field);
        return body with
        {
            Name = Has("name") ? Name : body.Name,
            Domains = Has("domains") ? Domains : body.Domains,
            Contact = Has("contact") ? Contact : body.Contact,
            EscalationContact = Has("escalationContact") ? EscalationContact : body.EscalationContact,
            Languages = Has("languages") ? Languages ?? [] : body.Languages,
        };
    }
}

/// <summary>A contact person in a body.</summary>
public sealed record ContactBody(string? Name, string? Email, string? Phone)
{
    public ContactPerson ToPerson() => new(Name!, Email, Phone);

    public static ContactBody? From(ContactPerson? person) => person is null ? null : new(person.Name, person.Email, person.Phone);
}
