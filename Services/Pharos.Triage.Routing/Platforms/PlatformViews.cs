using System.Text.Json;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Outbox;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>
/// A platform as admins see it: its record, whether its contact can be reached (false flags a platform the ministry
/// could not call), and its version with who changed it last. Named apart in the OpenAPI document from the platform a
/// report shows (Intake's <c>PlatformView</c>).
/// </summary>
[SchemaName("PlatformAdminView")]
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
    string UpdatedBy)
{
    public static PlatformView From(PlatformRow row, IEnumerable<string> domains)
    {
        var record = row.ToRecord(domains);
        return new(record.Id, record.Name, record.Domains, record.Contact, record.EscalationContact, record.Languages,
            PlatformRecord.IsReachable(record.Contact), row.Version, row.CreatedAt, row.UpdatedAt, row.UpdatedBy);
    }
}

/// <summary>One change of a platform's record: who made it, when, the version it made, the record before and after.</summary>
public sealed record PlatformChangeView(
    long Id,
    string PlatformId,
    long Version,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    PlatformRecord? Before,
    PlatformRecord After)
{
    public static PlatformChangeView From(PlatformChangeRow row) => new(
        row.Id, row.PlatformId, row.Version, row.ChangedAt, row.ChangedBy,
        row.BeforeJson is null ? null : Read(row.BeforeJson), Read(row.AfterJson));

    /// <summary>The JSON a change keeps of a record.</summary>
    public static string Write(PlatformRecord record) => JsonSerializer.Serialize(record, MessageTypes.JsonOptions);

    private static PlatformRecord Read(string json) =>
        JsonSerializer.Deserialize<PlatformRecord>(json, MessageTypes.JsonOptions) ?? throw new InvalidOperationException("A platform change kept no record.");
}
