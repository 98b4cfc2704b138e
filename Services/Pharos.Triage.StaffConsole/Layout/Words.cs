using Pharos.Triage.Contracts;

namespace Pharos.Triage.StaffConsole.Layout;

/// <summary>
/// The API's values (DOMAIN.md) every role reads alike, in French: legal bases, outcomes, refusal grounds. A value these
/// words do not know yet is shown as the API wrote it rather than hidden. What one role says its own way is in its folder.
/// </summary>
public static class Words
{
    /// <summary>The outcomes a platform may record, in the order its form offers them.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Outcomes =
    [
        (Outcome.Removed, "Contenu retiré"),
        (Outcome.GeoBlocked, "Contenu bloqué en France (géoblocage)"),
        (Outcome.Refused, "Refus"),
        (Outcome.NotFound, "Contenu introuvable"),
        (Outcome.ClarificationRequested, "Demande de précisions"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> RefusalGrounds =
    [
        (RefusalGround.NotIllegal, "Contenu non illicite"),
        (RefusalGround.InsufficientInformation, "Informations insuffisantes ou erreur manifeste (TCO art. 3, § 8)"),
        (RefusalGround.Impossible, "Impossibilité de fait ou force majeure (TCO art. 3, § 7)"),
        (RefusalGround.OutsideJurisdiction, "Hors de la compétence territoriale"),
        (RefusalGround.Other, "Autre motif"),
    ];

    private static readonly IReadOnlyList<(string Value, string Label)> LegalBases =
    [
        (LegalBasis.TcoRemovalOrder, "Injonction de retrait (règlement (UE) 2021/784, art. 3)"),
        (LegalBasis.Lcen61, "Retrait administratif (LCEN, art. 6-1)"),
        (LegalBasis.DsaNotice, "Notification d'un signaleur de confiance (DSA, art. 16 et 22)"),
    ];

    public static string LegalBasisLabel(string value) => Say(LegalBases, value);

    /// <summary>An outcome, "—" when there is none yet; <c>superseded</c> is the system's, never a platform's.</summary>
    public static string OutcomeLabel(string? value) => value switch
    {
        null => "—",
        Outcome.Superseded => "Remplacée par une demande plus stricte",
        _ => Say(Outcomes, value),
    };

    public static string RefusalGroundLabel(string value) => Say(RefusalGrounds, value);

    /// <summary>The label of a value in a list of words, or the value itself when the list does not know it.</summary>
    public static string Say(IEnumerable<(string Value, string Label)> words, string value) =>
        words.FirstOrDefault(w => w.Value == value).Label ?? value;
}
