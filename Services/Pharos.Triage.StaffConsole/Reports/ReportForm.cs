using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.StaffConsole.Reports;

/// <summary>
/// The report form as the person filled it in, kept as typed so that a refused form comes back as it was sent. The
/// idempotency key is made when the form is drawn and travels with it: posting the same form twice (a second click, a
/// reload of the post) gives the API the same key, and the API files once.
/// </summary>
public sealed record ReportForm(
    string IdempotencyKey,
    string Url = "",
    string Category = "",
    string Description = "",
    string ObservedAt = "",
    string EvidenceSha256 = "",
    string CaseReference = "",
    bool Urgent = false)
{
    /// <summary>An empty form with a key of its own.</summary>
    public static ReportForm Blank() => new(NewKey());

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public static ReportForm Read(IFormCollection form) => new(
        form["idempotencyKey"].ToString(),
        form["url"].ToString(),
        form["category"].ToString(),
        form["description"].ToString(),
        form["observedAt"].ToString(),
        form["evidenceSha256"].ToString(),
        form["caseReference"].ToString(),
        form["urgent"].ToString() == "true");

    /// <summary>The key to send; none when the form came without one (the API then files as asked).</summary>
    public string? KeyToSend => string.IsNullOrWhiteSpace(IdempotencyKey) ? null : IdempotencyKey;

    /// <summary>
    /// The body of <c>POST /api/reports</c>. Empty fields are left out (null); what the API would refuse is sent as it
    /// is, so that the API's own message says what is wrong.
    /// </summary>
    public object ToApiBody() => new
    {
        url = Blank(Url),
        category = Blank(Category),
        description = Blank(Description),
        observedAt = ObservedAtForApi(),
        evidenceSha256 = Blank(EvidenceSha256.Trim()),
        caseReference = Blank(CaseReference),
        urgent = Urgent,
    };

    // A datetime-local field sends "2026-11-22T09:00" without a zone; the form says the time is UTC.
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    private string? ObservedAtForApi()
    {
        if (string.IsNullOrWhiteSpace(ObservedAt)) return null;
        return DateTime.TryParseExact(ObservedAt.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : ObservedAt;
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
