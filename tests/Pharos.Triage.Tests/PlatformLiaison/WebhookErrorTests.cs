using Pharos.Triage.PlatformLiaison.Webhooks;
using Pharos.Triage.Tests.Storage;

namespace Pharos.Triage.Tests.PlatformLiaison;

public sealed class When_a_webhook_error_is_recorded
{
    private const string Type = "HttpRequestException: ";

    [Test]
    public void A_short_error_is_kept_whole()
    {
        Assert.That(WebhookError.Of(new HttpRequestException("Connection refused (127.0.0.1:9)")),
            Is.EqualTo("HttpRequestException: Connection refused (127.0.0.1:9)"));
    }

    [TestCase(0, false)]
    [TestCase(1, true)]
    [TestCase(40_000, true)]
    public void It_fits_its_column_and_ends_with_the_marker_when_cut(int beyond, bool cut)
    {
        var message = new string('m', WebhookError.MaxLength - Type.Length + beyond);

        var error = WebhookError.Of(new HttpRequestException(message));

        Assert.That(error, Has.Length.EqualTo(WebhookError.MaxLength));
        Assert.That(error, Is.EqualTo(cut ? Type + message[..(WebhookError.MaxLength - Type.Length - 1)] + WebhookError.Marker : Type + message));
    }

    [Test]
    public void A_character_outside_the_bmp_is_not_split()
    {
        // The smiley's two UTF-16 units would straddle the cut: both go.
        var message = new string('m', WebhookError.MaxLength - Type.Length - 2) + "\U0001F642" + "tail";

        var error = WebhookError.Of(new HttpRequestException(message));

        Assert.That(error, Is.EqualTo(Type + new string('m', WebhookError.MaxLength - Type.Length - 2) + WebhookError.Marker));
        Assert.That(error.Length, Is.LessThanOrEqualTo(WebhookError.MaxLength));
    }

    [Test]
    public void The_bound_is_the_size_both_error_columns_declare()
    {
        var columns = SqlServerSchema.TextColumnLengths("liaison");

        Assert.That(columns[("webhook_attempts", "error")], Is.EqualTo(WebhookError.MaxLength));
        Assert.That(columns[("webhook_deliveries", "last_error")], Is.EqualTo(WebhookError.MaxLength));
    }
}
