using Pharos.Triage.Routing.Catalogue;

namespace Pharos.Triage.Tests.Routing;

public class When_resolving_a_host_to_a_platform
{
    private static readonly PlatformCatalogue Catalogue = new(ApiSeededPlatforms.All);

    private static IEnumerable<TestCaseData> EverySeededDomain() =>
        ApiSeededPlatforms.All.SelectMany(p => p.Domains.Select(d => new TestCaseData(d, p.Id).SetArgDisplayNames(d)));

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
    public void Gives_every_seeded_domain_to_one_platform_only()
    {
        var domains = ApiSeededPlatforms.All.SelectMany(p => p.Domains).ToList();

        Assert.That(domains, Is.Unique);
    }

    [Test]
    public void Carries_the_version_it_was_loaded_at()
    {
        var catalogue = new PlatformCatalogue([new Platform("dailymotion", "Dailymotion", ["dailymotion.com", "dai.ly"])], version: 12);

        Assert.That(catalogue.Version, Is.EqualTo(12));
        Assert.That(catalogue.Resolve("www.dailymotion.com")?.Id, Is.EqualTo("dailymotion"));
        Assert.That(catalogue.Resolve("x.com"), Is.Null);
    }
}
