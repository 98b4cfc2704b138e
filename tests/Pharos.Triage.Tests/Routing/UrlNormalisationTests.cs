using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Tests.Routing;

public class When_normalising_a_url
{
    // The tracking parameters of UrlNormalizer, written out so that removing one from the class fails here.
    private static readonly string[] TrackingParameters =
        ["fbclid", "gclid", "dclid", "msclkid", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "yclid", "twclid", "ttclid", "si"];

    private static readonly TestCaseData[] Cases =
    [
        new TestCaseData("HTTPS://X.COM/someone/status/1", "https://x.com/someone/status/1", "x.com").SetName("Lower_cases_scheme_and_host"),
        new TestCaseData("https://Www.Example.Org/a", "https://www.example.org/a", "www.example.org").SetName("Lower_cases_a_mixed_case_host"),
        new TestCaseData("https://example.org/Video/AbC", "https://example.org/Video/AbC", "example.org").SetName("Keeps_the_case_of_the_path"),
        new TestCaseData("https://example.org/a?Q=Value", "https://example.org/a?Q=Value", "example.org").SetName("Keeps_the_case_of_the_query"),
        new TestCaseData("http://example.org:80/a", "http://example.org/a", "example.org").SetName("Drops_port_80_for_http"),
        new TestCaseData("https://example.org:443/a", "https://example.org/a", "example.org").SetName("Drops_port_443_for_https"),
        new TestCaseData("http://example.org:8080/a", "http://example.org:8080/a", "example.org").SetName("Keeps_a_non_default_port"),
        new TestCaseData("https://example.org:80/a", "https://example.org:80/a", "example.org").SetName("Keeps_port_80_for_https"),
        new TestCaseData("http://example.org:443/a", "http://example.org:443/a", "example.org").SetName("Keeps_port_443_for_http"),
        new TestCaseData("https://example.org/a#comment-3", "https://example.org/a", "example.org").SetName("Drops_the_fragment"),
        new TestCaseData("https://example.org/a?utm_source=mail&utm_medium=x&utm_campaign=y", "https://example.org/a", "example.org").SetName("Drops_utm_parameters_and_the_question_mark_with_them"),
        new TestCaseData("https://example.org/a?UTM_Source=mail&id=5", "https://example.org/a?id=5", "example.org").SetName("Drops_utm_parameters_whatever_their_case"),
        new TestCaseData("https://example.org/a?utm%5Fsource=mail&id=5", "https://example.org/a?id=5", "example.org").SetName("Drops_percent_encoded_tracking_parameter_names"),
        new TestCaseData("https://example.org/a?b=2&fbclid=IwAR0&a=1&gclid=x&c=3", "https://example.org/a?b=2&a=1&c=3", "example.org").SetName("Keeps_other_parameters_in_their_order"),
        new TestCaseData("https://example.org/a?flag&utm_term=x", "https://example.org/a?flag", "example.org").SetName("Keeps_a_parameter_without_value"),
        new TestCaseData("https://example.org/a?utmost=1", "https://example.org/a?utmost=1", "example.org").SetName("Keeps_a_parameter_that_only_starts_like_utm"),
        new TestCaseData("https://example.org/a?", "https://example.org/a", "example.org").SetName("Drops_an_empty_query"),
        new TestCaseData("https://example.org", "https://example.org/", "example.org").SetName("Empty_path_becomes_slash"),
        new TestCaseData("https://example.org?id=1", "https://example.org/?id=1", "example.org").SetName("Empty_path_before_a_query_becomes_slash"),
        new TestCaseData("https://example.org./a", "https://example.org/a", "example.org").SetName("Drops_the_trailing_dot_of_the_host"),
        new TestCaseData("https://example.org.:8443/a", "https://example.org:8443/a", "example.org").SetName("Drops_the_trailing_dot_before_a_port"),
        new TestCaseData("https://bücher.example/a", "https://xn--bcher-kva.example/a", "xn--bcher-kva.example").SetName("Turns_an_idn_host_into_punycode"),
        new TestCaseData("https://BÜCHER.example/a", "https://xn--bcher-kva.example/a", "xn--bcher-kva.example").SetName("Turns_an_upper_case_idn_host_into_lower_case_punycode"),
        new TestCaseData("  https://example.org/a  ", "https://example.org/a", "example.org").SetName("Ignores_surrounding_white_space"),
        new TestCaseData("https://youtu.be/dQw4w9WgXcQ?si=abcdef&t=42", "https://youtu.be/dQw4w9WgXcQ?t=42", "youtu.be").SetName("Drops_the_share_id_of_youtube_links"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Gives_the_normal_form_and_host(string url, string expected, string expectedHost)
    {
        var accepted = UrlNormalizer.TryNormalize(url, out var normalized, out var host);

        Assert.That(accepted, Is.True);
        Assert.That(normalized, Is.EqualTo(expected));
        Assert.That(host, Is.EqualTo(expectedHost));
        Assert.That(UrlNormalizer.Normalize(url), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(TrackingParameters))]
    public void Drops_tracking_parameter(string name)
    {
        var normalized = UrlNormalizer.Normalize($"https://example.org/a?keep=1&{name}=zz9&also=2");

        Assert.That(normalized, Is.EqualTo("https://example.org/a?keep=1&also=2"));
    }

    [TestCase("ftp://example.org/file.txt")]
    [TestCase("javascript:alert(1)")]
    [TestCase("mailto:someone@example.org")]
    [TestCase("file:///etc/passwd")]
    [TestCase("data:text/html,<b>x</b>")]
    [TestCase("/someone/status/1")]
    [TestCase("someone/status/1")]
    [TestCase("x.com/someone/status/1")]
    [TestCase("//x.com/someone/status/1")]
    [TestCase("http://")]
    [TestCase("")]
    public void Refuses_what_is_not_an_absolute_http_url(string url)
    {
        var accepted = UrlNormalizer.TryNormalize(url, out var normalized, out var host);

        Assert.That(accepted, Is.False);
        Assert.That(normalized, Is.Null);
        Assert.That(host, Is.Null);
        Assert.That(() => UrlNormalizer.Normalize(url), Throws.ArgumentException);
    }

    [TestCase("https://x.com/someone/status/1", "https://X.COM/someone/status/1")]
    [TestCase("https://x.com/someone/status/1", "https://x.com/someone/status/1#reply")]
    [TestCase("https://x.com/someone/status/1", "https://x.com/someone/status/1?utm_source=share&fbclid=abc")]
    [TestCase("https://x.com/someone/status/1", "HTTPS://X.com.:443/someone/status/1?utm_medium=x#top")]
    [TestCase("https://www.youtube.com/watch?v=abc", "https://WWW.YouTube.com/watch?v=abc&si=tracking#t=3")]
    public void Meets_the_same_url_written_differently(string first, string second)
    {
        Assert.That(UrlNormalizer.Normalize(second), Is.EqualTo(UrlNormalizer.Normalize(first)));
    }

    [TestCase("https://x.com/someone/status/1", "https://x.com/Someone/status/1")]
    [TestCase("https://x.com/someone/status/1", "http://x.com/someone/status/1")]
    [TestCase("https://example.org/watch?v=abc", "https://example.org/watch?v=abd")]
    [TestCase("https://example.org/a", "https://example.org:8443/a")]
    public void Keeps_different_content_apart(string first, string second)
    {
        Assert.That(UrlNormalizer.Normalize(second), Is.Not.EqualTo(UrlNormalizer.Normalize(first)));
    }
}
