using System.Globalization;

namespace Pharos.Triage.StaffConsole.Statistics;

/// <summary>
/// The period as a person asks for it: two days, both included (UTC), as a date field gives them; and as the API takes
/// it, [from, to) in UTC. What is not a day is passed on as typed, so that the API's own message says what is wrong.
/// </summary>
public sealed record PeriodForm(string From, string To)
{
    /// <summary>How long the default period is, today included.</summary>
    public const int DefaultDays = 30;

    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The last 30 days, today included: up to now.</summary>
    public static PeriodForm Default(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new(today.AddDays(1 - DefaultDays).ToString(DayFormat, CultureInfo.InvariantCulture), today.ToString(DayFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>The period of a query or form; the default when neither day is given.</summary>
    public static PeriodForm Read(string? from, string? to, DateTimeOffset now) =>
        from is null && to is null ? Default(now) : new(from?.Trim() ?? "", to?.Trim() ?? "");

    /// <summary>The API's <c>from</c>: the first day's midnight UTC.</summary>
    public string ApiFrom => Day(From) is { } day ? Midnight(day) : From;

    /// <summary>The API's <c>to</c> (excluded): the midnight UTC after the last day.</summary>
    public string ApiTo => Day(To) is { } day ? Midnight(day.AddDays(1)) : To;

    /// <summary>The query of <c>GET /api/statistics</c>; a day left empty is left out, so the API says it is required.</summary>
    public string ApiQuery => string.Join('&',
        new[] { ("from", ApiFrom), ("to", ApiTo) }.Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));

    /// <summary>The query of a console page showing this period.</summary>
    public string PageQuery => $"from={Uri.EscapeDataString(From)}&to={Uri.EscapeDataString(To)}";

    private static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string Midnight(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture) + "T00:00:00Z";
}
