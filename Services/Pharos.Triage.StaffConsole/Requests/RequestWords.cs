using Pharos.Triage.Contracts;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>
/// The API's values (DOMAIN.md) as a platform's contact person reads them, in French; a value these pages do not know
/// yet is shown as the API wrote it rather than hidden.
/// </summary>
public static class RequestWords
{
    public static readonly IReadOnlyList<(string Value, string Label)> Outcomes =
    [
        (Contracts.Outcome.Removed, "Contenu retiré"),
        (Contracts.Outcome.GeoBlocked, "Contenu bloqué en France (géoblocage)"),
        (Contracts.Outcome.Refused, "Refus"),
        (Contracts.Outcome.NotFound, "Contenu introuvable"),
        (Contracts.Outcome.ClarificationRequested, "Demande de précisions"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> RefusalGrounds =
    [
        (Contracts.RefusalGround.NotIllegal, "Contenu non illicite"),
        (Contracts.RefusalGround.InsufficientInformation, "Informations insuffisantes ou erreur manifeste (TCO art. 3, § 8)"),
        (Contracts.RefusalGround.Impossible, "Impossibilité de fait ou force majeure (TCO art. 3, § 7)"),
        (Contracts.RefusalGround.OutsideJurisdiction, "Hors de la compétence territoriale"),
        (Contracts.RefusalGround.Other, "Autre motif"),
    ];

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

    public static string Outcome(string? value) => value switch
    {
        null => "—",
        Contracts.Outcome.Superseded => "Remplacée par une demande plus stricte",
        _ => Find(Outcomes, value),
    };

    public static string RefusalGround(string value) => Find(RefusalGrounds, value);

    public static string Status(string value) => Find(Statuses, value);

    public static string DeliveryStatus(string value) => Find(DeliveryStatuses, value);

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

    public static string LegalBasis(string value) => value switch
    {
        Contracts.LegalBasis.TcoRemovalOrder => "Injonction de retrait (règlement (UE) 2021/784, art. 3)",
        Contracts.LegalBasis.Lcen61 => "Retrait administratif (LCEN, art. 6-1)",
        Contracts.LegalBasis.DsaNotice => "Notification d'un signaleur de confiance (DSA, art. 16 et 22)",
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

    private static string Find(IReadOnlyList<(string Value, string Label)> words, string value) =>
        words.FirstOrDefault(w => w.Value == value).Label ?? value;
}
