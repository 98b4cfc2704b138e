using System.Globalization;

namespace Pharos.Triage.Infrastructure.Pages;

/// <summary>How the pages (the public page, the staff console) write figures and times, in French, whatever the server's culture.</summary>
public static class Display
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A rate as a percentage with at most one decimal, French style: 0.3333 → "33,3 %".</summary>
    public static string Percent(double rate) =>
        (Math.Round(rate * 100, 1)).ToString("0.#", Invariant).Replace('.', ',') + "\u00a0%";

    /// <summary>A duration in the largest units that read well: "45 s", "20 min", "1 h 05", "2 j 3 h"; a dash when there is none.</summary>
    public static string Duration(long? seconds)
    {
        if (seconds is not { } s) return "—";
        if (s < 60) return $"{s.ToString(Invariant)}\u00a0s";
        if (s < 3600) return $"{(s / 60).ToString(Invariant)}\u00a0min";
        if (s < 86400) return $"{(s / 3600).ToString(Invariant)}\u00a0h\u00a0{(s % 3600 / 60).ToString("00", Invariant)}";
        return $"{(s / 86400).ToString(Invariant)}\u00a0j\u00a0{(s % 86400 / 3600).ToString(Invariant)}\u00a0h";
    }

    /// <summary>A moment in UTC, as people read it: "22/11/2026 à 10:00 UTC".</summary>
    public static string Moment(DateTimeOffset at) => at.ToUniversalTime().ToString("dd/MM/yyyy 'à' HH:mm 'UTC'", Invariant);

    /// <summary>The machine-readable form of a moment, for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    /// <summary>The machine-readable value of a figure for <c>&lt;data value&gt;</c>, as the JSON writes it; empty when there is none.</summary>
    public static string Value(double? value) => value?.ToString("R", Invariant) ?? "";

    public static string Count(int value) => value.ToString(Invariant);
}
