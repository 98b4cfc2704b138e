using Pharos.Triage.Routing.Catalogue;

namespace Pharos.Triage.Tests.Routing;

public class When_resolving_a_host_to_a_platform
{
    // API.md, "Seeded platforms (id: domains)", transcribed: the contract platforms' integrations rely on.
    private static readonly (string Id, string[] Domains)[] ApiSeededPlatforms =
    [
        ("facebook", ["facebook.com", "fb.com", "fb.watch"]),
        ("instagram", ["instagram.com"]),
        ("youtube", ["youtube.com", "youtu.be"]),
        ("x", ["x.com", "twitter.com", "t.co"]),
        ("tiktok", ["tiktok.com"]),
        ("snapchat", ["snapchat.com"]),
        ("telegram", ["t.me", "telegram.me", "telegram.org"]),
        ("microsoft", ["bing.com", "onedrive.live.com"]),
        ("apple", ["icloud.com", "podcasts.apple.com"]),
    ];

    private static readonly PlatformCatalogue Catalogue = new(SeededPlatforms.All);

    private static IEnumerable<TestCaseData> EverySeededDomain() =>
        ApiSeededPlatforms.SelectMany(p => p.Domains.Select(d => new TestCaseData(d, p.Id).SetArgDisplayNames(d)));

    [TestCaseSource(nameof(EverySeededDomain))]
    public void Finds_the_platform_of_a_seeded_domain(string host, string platformId)
    {
        Assert.That(Catalogue.Resolve(host)?.Id, Is.EqualTo(platformId));
    }

    [TestCase("m.facebook.com", "facebook")]
    [TestCase("www.facebook.com", "facebook")]
    [TestCase("www.youtube.com", "youtube")]
    [TestCase("m.youtube.com", "youtube")]
    [TestCase("mobile.twitter.com", "x")]
    [TestCase("vm.tiktok.com", "tiktok")]
    [TestCase("story.snapchat.com", "snapchat")]
    [TestCase("www.bing.com", "microsoft")]
    [TestCase("files.onedrive.live.com", "microsoft")]
    [TestCase("a.b.c.instagram.com", "instagram")]
    public void Finds_the_platform_of_a_subdomain(string host, string platformId)
    {
        Assert.That(Catalogue.Resolve(host)?.Id, Is.EqualTo(platformId));
    }

    [TestCase("M.FaceBook.COM", "facebook")]
    [TestCase("WWW.YOUTUBE.COM", "youtube")]
    [TestCase("X.Com", "x")]
    [TestCase("OneDrive.Live.Com", "microsoft")]
    [TestCase("www.youtube.com.", "youtube")]
    public void Ignores_case_and_a_trailing_dot(string host, string platformId)
    {
        Assert.That(Catalogue.Resolve(host)?.Id, Is.EqualTo(platformId));
    }

    [TestCase("live.com")]
    [TestCase("outlook.live.com")]
    [TestCase("apple.com")]
    [TestCase("www.apple.com")]
    [TestCase("music.apple.com")]
    public void Finds_none_for_a_parent_or_sibling_of_a_seeded_subdomain(string host)
    {
        Assert.That(Catalogue.Resolve(host), Is.Null);
    }

    [TestCase("notfacebook.com")]
    [TestCase("facebook.com.evil.example")]
    [TestCase("x.company.com")]
    [TestCase("xx.com")]
    [TestCase("fb.co")]
    [TestCase("at.co")]
    [TestCase("t.com")]
    [TestCase("youtube.co")]
    [TestCase("com")]
    [TestCase("example.org")]
    [TestCase("")]
    public void Finds_none_for_a_look_alike_or_unknown_host(string host)
    {
        Assert.That(Catalogue.Resolve(host), Is.Null);
    }

    [Test]
    public void Seeds_exactly_the_platforms_and_domains_of_the_api_contract()
    {
        var seeded = SeededPlatforms.All.Select(p => $"{p.Id}: {string.Join(", ", p.Domains.Order(StringComparer.Ordinal))}");
        var documented = ApiSeededPlatforms.Select(p => $"{p.Id}: {string.Join(", ", p.Domains.Order(StringComparer.Ordinal))}");

        Assert.That(seeded, Is.EquivalentTo(documented));
    }

    [Test]
    public void Gives_every_seeded_domain_to_one_platform_only()
    {
        var domains = SeededPlatforms.All.SelectMany(p => p.Domains).ToList();

        Assert.That(domains, Is.Unique);
    }

    [Test]
    public void Follows_a_replaced_catalogue()
    {
        var catalogue = new PlatformCatalogue(SeededPlatforms.All);

        catalogue.Replace([new Platform("dailymotion", "Dailymotion", ["dailymotion.com", "dai.ly"])]);

        Assert.That(catalogue.Resolve("www.dailymotion.com")?.Id, Is.EqualTo("dailymotion"));
        Assert.That(catalogue.Resolve("x.com"), Is.Null);
    }
}
