using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Intake.Consumers;

namespace Pharos.Triage.Intake.Api;

/// <summary>The analysts' API in the OpenAPI document's examples: one report, filed, then routed to X.</summary>
public static class ReportExamples
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Issued = Received.AddSeconds(2);

    public static readonly FileReport File = new(
        "https://x.com/someone/status/1", Category.Terrorism, "A video calling for attacks, posted this morning.",
        Received.AddHours(-1), null, "PV 2026/123", false);

    /// <summary>The answer to filing: received, not yet routed.</summary>
    public static readonly ReportView Filed = new(
        "0193a6f2-7c10-7a3e-9d41-2b6f0c8e5a17", File.Url!, "https://x.com/someone/status/1", File.Category!, File.Description!,
        File.ObservedAt, null, File.CaseReference, false, ReportStatus.Received, Received, null, null, null, null,
        [new TimelineEntry(Received, TimelineEvent.ReportReceived, "analyst:demo-analyst", "category terrorism")]);

    /// <summary>Routed to X, its removal request acknowledged.</summary>
    public static readonly ReportView Routed = Filed with
    {
        Status = ReportStatus.Routed,
        Platform = new PlatformView("x", "X", new ContactPerson("Trust & Safety", "legal-fr@x.example", "+33 1 23 45 67 89"), null),
        Request = new RequestView(
            "0193a6f2-7c12-7b40-8c55-61d0a3f9e284", "PHR-2026-000123", LegalBasis.TcoRemovalOrder, RequestStatus.Acknowledged,
            Sla.OnTime, Issued, Issued.AddHours(1), Issued.AddHours(1), Issued.AddMinutes(12), null, null),
        Timeline =
        [
            Filed.Timeline![0],
            new TimelineEntry(Issued, TimelineEvent.ReportRouted, Actors.Routing, "to X"),
            new TimelineEntry(Issued, TimelineEvent.RequestIssued, Actors.Routing,
                "PHR-2026-000123 (tco_removal_order): acknowledge by 2026-11-22T11:00:02Z, act by 2026-11-22T11:00:02Z"),
            new TimelineEntry(Issued.AddMinutes(12), TimelineEvent.RequestAcknowledged, "platform:demo-platform-x", null),
        ],
    };

    /// <summary>Lists leave each report's timeline out.</summary>
    public static readonly Page<ReportView> List = new([Routed with { Timeline = null }], null);

    public static readonly AnswerClarification Answer = new("The video is at 0:42; the account posted it again at 09:30.");
}
