using Pharos.Triage.Routing.Catalogue;

namespace Pharos.Triage.Tests.Routing;

/// <summary>
/// API.md, "Seeded platforms (id: domains)", transcribed: the contract platforms' integrations rely on, which Routing's
/// migration 004 seeds as rows (When_the_routing_migration_seeds_the_platforms holds the two together). The names,
/// which API.md does not give, are the migration's. For tests and benchmarks that need the seeded catalogue without a
/// database.
/// </summary>
public static class ApiSeededPlatforms
{
    public static readonly IReadOnlyList<Platform> All =
    [
        new("facebook", "Facebook", ["facebook.com", "fb.com", "fb.watch"]),
        new("instagram", "Instagram", ["instagram.com"]),
        new("youtube", "YouTube", ["youtube.com", "youtu.be"]),
        new("x", "X", ["x.com", "twitter.com", "t.co"]),
        new("tiktok", "TikTok", ["tiktok.com"]),
        new("snapchat", "Snapchat", ["snapchat.com"]),
        new("telegram", "Telegram", ["t.me", "telegram.me", "telegram.org"]),
        new("microsoft", "Microsoft", ["bing.com", "onedrive.live.com"]),
        new("apple", "Apple", ["icloud.com", "podcasts.apple.com"]),
    ];
}
