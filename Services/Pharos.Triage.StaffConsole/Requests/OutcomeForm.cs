using System.Globalization;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>
/// The outcome form as the person filled it in: kept as typed, so that a form the API refused comes back as it was
/// sent, and turned into the API's body with nothing judged here (the API says what is missing or wrong).
/// </summary>
public sealed record OutcomeForm(string? Outcome, string? Reason, string? RefusalGround, string? PlatformTicket, string? ActedAt)
{
    public static readonly OutcomeForm Empty = new(null, null, null, null, null);

    /// <summary>
    /// The body of <c>POST /api/platform/requests/{id}/outcome</c>. A field left empty is not sent (null); the time,
    /// which a browser gives as a date and time without a zone, is read as UTC, as the page says.
    /// </summary>
    public Dictionary<string, object?> ToBody() => new()
    {
        ["outcome"] = Blank(Outcome),
        ["reason"] = Blank(Reason),
        ["refusalGround"] = Blank(RefusalGround),
        ["platformTicket"] = Blank(PlatformTicket),
        ["actedAt"] = Moment(Blank(ActedAt)),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    /// <summary>ISO-8601 UTC when it reads as a time; otherwise as typed, for the API to refuse with its own words.</summary>
    private static string? Moment(string? typed)
    {
        if (typed is null) return null;
        if (DateTime.TryParseExact(typed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return typed;
    }
}
