namespace Pharos.Triage.Routing.Catalogue;

/// <summary>A platform that receives removal requests, and the domains it hosts.</summary>
public sealed record Platform(string Id, string Name, IReadOnlyList<string> Domains);

/// <summary>The platforms of API.md, present in every catalogue.</summary>
public static class SeededPlatforms
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
