using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Access.AccessLog;

/// <summary>
/// The width of each text column of <c>access_log</c>, the same on both providers (SQL Server's
/// NVARCHAR, SQLite's CHECK constraints, migration 002). The writer cuts a longer value to fit, ending it
/// with a marker (<see cref="FreeText.Cut"/>), so that an odd request (a 3,000-character path, a long key
/// name) is logged, not lost.
/// </summary>
public static class AccessLogColumns
{
    public const int Principal = 200;
    public const int Role = 16;
    public const int Method = 10;
    public const int Route = 200;
    public const int Path = 2048;
    public const int Remote = 64;

    public static readonly IReadOnlyList<(string Column, int Limit)> Limits =
        [("principal", Principal), ("role", Role), ("method", Method), ("route", Route), ("path", Path), ("remote", Remote)];

    public static AccessEntry Bound(AccessEntry entry) => entry with
    {
        Principal = FreeText.Cut(entry.Principal, Principal),
        Role = FreeText.Cut(entry.Role, Role),
        Method = FreeText.Cut(entry.Method, Method),
        Route = FreeText.Cut(entry.Route, Route),
        Path = FreeText.Cut(entry.Path, Path),
        Remote = FreeText.Cut(entry.Remote, Remote),
    };
}
