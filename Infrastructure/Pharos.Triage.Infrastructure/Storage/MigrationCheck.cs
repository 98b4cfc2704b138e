using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>What a database's record of applied scripts says against the scripts this build carries.</summary>
public sealed record MigrationCheck(
    IReadOnlyList<MigrationRunner.Script> Pending,
    IReadOnlyList<MigrationRunner.Script> Edited,
    IReadOnlyList<MigrationRunner.Script> WithoutChecksum)
{
    /// <summary>
    /// SHA-256 of a script's text, line endings made \n first: a checkout on Windows (CRLF) is the same script.
    /// </summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    /// <summary>
    /// Compares <paramref name="scripts"/> with what was applied (id, checksum). A script applied before checksums were
    /// recorded has none: it is taken as it is now, once (<see cref="WithoutChecksum"/>), and checked from then on.
    /// </summary>
    public static MigrationCheck Of(IEnumerable<MigrationRunner.Script> scripts, IReadOnlyDictionary<string, string?> applied)
    {
        var pending = new List<MigrationRunner.Script>();
        var edited = new List<MigrationRunner.Script>();
        var unknown = new List<MigrationRunner.Script>();
        foreach (var script in scripts)
        {
            if (!applied.TryGetValue(script.Id, out var recorded)) pending.Add(script);
            else if (recorded is null) unknown.Add(script);
            else if (!string.Equals(recorded, script.Checksum, StringComparison.OrdinalIgnoreCase)) edited.Add(script);
        }
        return new MigrationCheck(pending, edited, unknown);
    }

    /// <summary>Why the service must not start on an edited script: which, and what to do.</summary>
    public string? EditedRefusal(string service) => Edited.Count == 0 ? null :
        $"{service}: released migration script(s) {string.Join(", ", Edited.Select(s => s.Id))} changed since they were applied " +
        "(their checksum differs). A released script is never edited: restore its text as released and put the change in a new script.";

    /// <summary>Why a service told only to verify (Pharos:Database:Migrations = Verify) must not start.</summary>
    public string? PendingRefusal(string service) => Pending.Count == 0 ? null :
        $"{service}: migration script(s) {string.Join(", ", Pending.Select(s => s.Id))} are not applied, and this service is told to verify, " +
        "not to migrate (Pharos:Database:Migrations = Verify). Run the `migrate` command (the migration Job) first.";
}

/// <summary>The database is not as this build needs it: the service must not start (the message says why and what to do).</summary>
public sealed class MigrationRefusedException(string message) : Exception(message);
