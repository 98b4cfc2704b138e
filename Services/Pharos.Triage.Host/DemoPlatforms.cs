namespace Pharos.Triage.Host;

/// <summary>
/// The platforms whose demo tokens (<c>demo-platform-&lt;id&gt;</c>) the embedded default accepts: API.md's seeded
/// platforms, "for each seeded platform". Routing's migration 004 seeds the same rows (a test holds the two together);
/// a platform an admin adds later is reached with an API key issued for it, as in production.
/// </summary>
public static class DemoPlatforms
{
    public static readonly IReadOnlyList<string> Ids =
        ["facebook", "instagram", "youtube", "x", "tiktok", "snapchat", "telegram", "microsoft", "apple"];
}
