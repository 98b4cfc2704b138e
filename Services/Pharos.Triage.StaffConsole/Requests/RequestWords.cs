using Pharos.Triage.Contracts;
using static Pharos.Triage.StaffConsole.Layout.Words;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>
/// The API's values (DOMAIN.md) as a platform's contact person reads them, in French; a value these pages do not know
/// yet is shown as the API wrote it rather than hidden.
/// </summary>
public static class RequestWords
{
    public static readonly IReadOnlyList<(string Value, string Label)> Statuses =
    [
        (RequestStatus.Pending, "En attente d'accusé de réception"),
        (RequestStatus.Acknowledged, "Réception accusée"),
        (RequestStatus.ClarificationRequested, "Précisions demandées"),
        (RequestStatus.Closed, "Clôturée"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> DeliveryStatuses =
    [
        ("pending", "En attente d'envoi"),
        ("delivered", "Remise"),
        ("failed", "En échec"),
    ];

    public static string Status(string value) => Say(Statuses, value);

    public static string DeliveryStatus(string value) => Say(DeliveryStatuses, value);

    public static string Category(string value) => value switch
    {
        Contracts.Category.Terrorism => "Terrorisme",
        Contracts.Category.ChildSexualAbuse => "Pédocriminalité",
        Contracts.Category.IllicitTrade => "Commerce illicite (stupéfiants, armes)",
        Contracts.Category.HateSpeech => "Haine en ligne",
        Contracts.Category.ThreatsViolence => "Menaces, incitation à la violence",
        Contracts.Category.Fraud => "Escroquerie",
        Contracts.Category.Other => "Autre contenu illicite",
        _ => value,
    };

    public static string Event(string value) => value switch
    {
        "request_issued" => "Nouvelle demande",
        "reminder_due" => "Rappel d'échéance",
        "request_escalated" => "Escalade (échéance dépassée)",
        "request_superseded" => "Demande remplacée",
        "ping" => "Notification de test (ping)",
        _ => value,
    };
}
