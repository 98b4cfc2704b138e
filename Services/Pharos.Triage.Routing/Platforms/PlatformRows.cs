using Pharos.Triage.Contracts;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>A row of <c>platforms</c>; its domains are rows of <c>platform_domains</c>.</summary>
public sealed class PlatformRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? EscalationName { get; set; }
    public string? EscalationEmail { get; set; }
    public string? EscalationPhone { get; set; }

    /// <summary>The codes, comma-separated, in the order given; empty for none.</summary>
    public string Languages { get; set; } = "";

    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public PlatformRecord ToRecord(IEnumerable<string> domains) => new(
        Id, Name, domains.Order(StringComparer.Ordinal).ToList(),
        Person(ContactName, ContactEmail, ContactPhone), Person(EscalationName, EscalationEmail, EscalationPhone),
        Languages.Length == 0 ? [] : Languages.Split(','));

    /// <summary>The row of <paramref name="record"/> at <paramref name="version"/>, changed by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public static PlatformRow From(PlatformRecord record, long version, DateTimeOffset createdAt, DateTimeOffset at, string by) => new()
    {
        Id = record.Id, Name = record.Name,
        ContactName = record.Contact?.Name, ContactEmail = record.Contact?.Email, ContactPhone = record.Contact?.Phone,
        EscalationName = record.EscalationContact?.Name, EscalationEmail = record.EscalationContact?.Email,
        EscalationPhone = record.EscalationContact?.Phone,
        Languages = string.Join(',', record.Languages), Version = version, CreatedAt = createdAt, UpdatedAt = at, UpdatedBy = by,
    };

    private static ContactPerson? Person(string? name, string? email, string? phone) => name is null ? null : new(name, email, phone);
}

/// <summary>A row of <c>platform_changes</c>: the record before (none for a new platform) and after, as JSON.</summary>
public sealed class PlatformChangeRow
{
    public long Id { get; set; }
    public string PlatformId { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public string? BeforeJson { get; set; }
    public string AfterJson { get; set; } = "";
}
