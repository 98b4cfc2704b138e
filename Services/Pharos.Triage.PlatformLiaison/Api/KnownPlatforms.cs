using System.Text.RegularExpressions;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>Whether a platform exists for the admin API here. Interim: a well-formed id, until the platform directory lands.</summary>
internal static partial class KnownPlatforms
{
    public static Task<bool> IsKnownAsync(LiaisonDatabase database, string platformId, CancellationToken ct) =>
        Task.FromResult(Id().IsMatch(platformId));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex Id();
}
