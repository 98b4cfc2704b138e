using Pharos.Triage.Contracts;
using static Pharos.Triage.StaffConsole.Layout.Words;

namespace Pharos.Triage.StaffConsole.Reports;

/// <summary>
/// The API's values (DOMAIN.md) as the analysts' pages say them in French; a value these words do not know yet is shown
/// as the API wrote it rather than hidden.
/// </summary>
public static class ReportWords
{
    public static readonly IReadOnlyList<(string Value, string Label)> Categories =
    [
        (Category.Terrorism, "Terrorisme (provocation, apologie, propagande)"),
        (Category.ChildSexualAbuse, "Pédocriminalité (atteintes sexuelles sur mineurs)"),
        (Category.IllicitTrade, "Trafics illicites (stupéfiants, armes)"),
        (Category.HateSpeech, "Haine en ligne (racisme, antisémitisme, discriminations)"),
        (Category.ThreatsViolence, "Menaces, incitation à la violence"),
        (Category.Fraud, "Escroquerie (transmise au service des escroqueries)"),
        (Category.Other, "Autre contenu illicite"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> ReportStatuses =
    [
        (ReportStatus.Received, "reçu"),
        (ReportStatus.Routed, "adressé à la plateforme"),
        (ReportStatus.Duplicate, "doublon"),
        (ReportStatus.Forwarded, "orienté hors plateforme"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> RequestStatuses =
    [
        (RequestStatus.Pending, "en attente de la plateforme"),
        (RequestStatus.Acknowledged, "réception accusée"),
        (RequestStatus.ClarificationRequested, "question de la plateforme"),
        (RequestStatus.Closed, "clôturée"),
    ];

    /// <summary>The deadline states; the first two are the ones at risk.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> AtRisk =
    [
        (Sla.Overdue, "en retard (escaladée)"),
        (Sla.Unanswered, "restée sans réponse (lettre morte)"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> OtherSlas =
    [
        (Sla.OnTime, "dans les délais"),
        (Sla.Reminded, "relancée"),
        (Sla.Met, "délais tenus"),
        (Sla.Missed, "délais manqués"),
    ];

    private static readonly IReadOnlyList<(string Value, string Label)> Destinations =
    [
        (ForwardedTo.FraudService, "service des escroqueries"),
        (ForwardedTo.InternationalCooperation, "coopération internationale (hébergeur hors catalogue)"),
    ];

    private static readonly IReadOnlyList<(string Value, string Label)> Events =
    [
        (TimelineEvent.ReportReceived, "Signalement reçu"),
        (TimelineEvent.ReportRouted, "Plateforme identifiée"),
        (TimelineEvent.DuplicateLinked, "Rattaché au signalement qui porte la demande"),
        (TimelineEvent.ReportForwarded, "Orienté hors plateforme"),
        (TimelineEvent.RequestIssued, "Demande adressée à la plateforme"),
        (TimelineEvent.RequestAcknowledged, "Réception accusée par la plateforme"),
        (TimelineEvent.ClarificationRequested, "Question de la plateforme"),
        (TimelineEvent.ClarificationAnswered, "Réponse à la question"),
        (TimelineEvent.RequestClosed, "Demande clôturée"),
        (TimelineEvent.ReminderSent, "Relance envoyée à la plateforme"),
        (TimelineEvent.RequestOverdue, "Délai dépassé"),
        (TimelineEvent.RequestEscalated, "Escaladée au contact d'escalade"),
        (TimelineEvent.RequestUnanswered, "Restée sans réponse (lettre morte)"),
    ];

    public static string CategoryLabel(string value) => Say(Categories, value);

    public static string ReportStatusLabel(string value) => Say(ReportStatuses, value);

    public static string RequestStatusLabel(string value) => Say(RequestStatuses, value);

    public static string SlaLabel(string value) => Say([.. AtRisk, .. OtherSlas], value);

    public static string ForwardedToLabel(string value) => Say(Destinations, value);

    public static string EventLabel(string value) => Say(Events, value);

    /// <summary>How a deadline state looks: at risk in red, kept in green.</summary>
    public static string SlaBadge(string sla) => sla switch
    {
        Sla.Overdue or Sla.Unanswered or Sla.Missed => "badge late",
        Sla.Met => "badge done",
        _ => "badge",
    };
}
