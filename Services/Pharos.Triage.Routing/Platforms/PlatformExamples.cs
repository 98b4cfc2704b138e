using Pharos.Triage.Contracts;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>Platforms in the OpenAPI document's examples: Rumble, created, then given an escalation contact.</summary>
public static class PlatformExamples
{
    private static readonly DateTimeOffset Created = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Updated = Created.AddDays(1);

    public static readonly PlatformBody Create = new(
        "rumble", "Rumble", ["rumble.com"], new ContactBody("Trust & Safety", "tns@rumble.example", "+33 1 23 45 67 89"), null, ["fr", "en"]);

    /// <summary>Only the fields sent change: here an escalation contact is added.</summary>
    public static readonly PlatformPatch Patch = new(null, null, null, null, new ContactBody("Legal duty officer", "legal@rumble.example", null), null);

    private static readonly PlatformRecord Before = Create.ToRecord();
    private static readonly PlatformRecord After = Before with { EscalationContact = Patch.EscalationContact!.ToPerson() };

    public static readonly PlatformView Platform = new(
        After.Id, After.Name, After.Domains, After.Contact, After.EscalationContact, After.Languages, true, 2, Created, Updated, "admin:demo-admin");

    public static readonly PlatformChangeView Change = new(42, After.Id, 2, Updated, "admin:demo-admin", Before, After);
}
