using Microsoft.Extensions.Time.Testing;
using Pharos.Triage.Intake.Api;
using Pharos.Triage.Intake.Validation;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Tests.Intake;

/// <summary>
/// Every service stores the normalised URL in 2,048 characters, and normalisation percent-encodes: a URL is refused
/// when its encoded form cannot fit, and what the validator accepts normalises to no more than that.
/// </summary>
public class When_a_url_is_longer_once_percent_encoded
{
    private const string Start = "https://x.com/";
    private static readonly FileReportValidator Validator = new(new FakeTimeProvider(DateTimeOffset.UnixEpoch));

    // € is %E2%82%AC: 226 of them after the 14 characters of Start are 2,048 once encoded; 227 are 2,057.
    [TestCase(2048 - 14, "a", true)]
    [TestCase(226, "€", true)]
    [TestCase(227, "€", false)]
    // A character outside the BMP is two UTF-16 units typed and twelve encoded (%F0%9F%98%80).
    [TestCase(169, "😀", true)]
    [TestCase(170, "😀", false)]
    public void It_is_accepted_only_if_it_fits(int count, string character, bool accepted)
    {
        var url = Start + string.Concat(Enumerable.Repeat(character, count));

        var result = Validator.Validate(new FileReport(url, "terrorism", "d", null, null, null, null));

        Assert.That(result.IsValid, Is.EqualTo(accepted), () => string.Join("; ", result.Errors));
        if (accepted) Assert.That(UrlNormalizer.Normalize(url).Length, Is.LessThanOrEqualTo(FileReportValidator.MaxUrlLength));
        else Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "Url" }));
    }

    [Test]
    public void An_international_host_is_counted_as_its_punycode()
    {
        // The host is stored as xn--…, longer than typed: the path that fits a typed host may not fit its punycode.
        var host = "bücher.example";
        var idn = new Uri($"https://{host}/").IdnHost;
        var path = new string('a', FileReportValidator.MaxUrlLength - "https://".Length - host.Length - 1);
        var url = $"https://{host}/{path}";

        var result = Validator.Validate(new FileReport(url, "terrorism", "d", null, null, null, null));

        Assert.That(idn.Length, Is.GreaterThan(host.Length));
        Assert.That(result.IsValid, Is.False);
    }
}
