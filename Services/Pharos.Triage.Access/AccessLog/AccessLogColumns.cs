using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Access.AccessLog;

/// <summary>
/// The width of each text column of <c>access_log</c>, the same on both providers (SQL Server's
/// NVARCHAR, SQLite's CHECK constraints, migration 002). The writer cuts a longer value to fit, ending it
/// with a marker, so that an odd request (a 3,000-character path, a long key name) is logged, not lost.
/// </summary>
public static class AccessLogColumns
{
    public const int Principal = 200;
    public const int Role = 16;
    public const int Method = 10;
    public const int Route = 200;
    public const int Path = 2048;
    public const int Remote = 64;

    /// <summary>Ends a value that was cut.</summary>
    public const string Marker = "…";

    public static readonly IReadOnlyList<(string Column, int Limit)> Limits =
        [("principal", Principal), ("role", Role), ("method", Method), ("route", Route), ("path", Path), ("remote", Remote)];

    public static AccessEntry Bound(AccessEntry entry) => entry with
    {
        Principal = Cut(entry.Principal, Principal),
        Role = Cut(entry.Role, Role),
        Method = Cut(entry.Method, Method)!,
        Route = Cut(entry.Route, Route)!,
        Path = Cut(entry.Path, Path)!,
        Remote = Cut(entry.Remote, Remote),
    };

    /// <summary>The value, or its first characters and the marker, in at most <paramref name="limit"/> UTF-16 units.</summary>
    public static string? Cut(string? value, int limit)
    {
        if (value is null || value.Length <= limit) return value;
        var keep = limit - Marker.Length;
        if (char.IsHighSurrogate(value[keep - 1])) keep--; // never half a character
        return string.Concat(value.AsSpan(0, keep), Marker);
    }
}
