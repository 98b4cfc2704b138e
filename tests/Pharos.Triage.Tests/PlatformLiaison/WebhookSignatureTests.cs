using System.Text;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.Tests.PlatformLiaison;

public sealed class When_a_notice_is_signed
{
    // The Standard Webhooks reference libraries' test vector (their C# library's verifyWebhookSignWorks).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Test]
    public void It_gives_the_specification_s_known_signature() =>
        Assert.That(WebhookSignature.Sign(WebhookSecret.KeyOf(VectorSecret), VectorId, VectorTimestamp, VectorBody), Is.EqualTo(VectorSignature));

    [Test]
    public void Id_timestamp_and_body_are_each_signed()
    {
        var key = WebhookSecret.KeyOf(VectorSecret);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Sign(key, VectorId + "x", VectorTimestamp, VectorBody), Is.Not.EqualTo(VectorSignature));
            Assert.That(WebhookSignature.Sign(key, VectorId, VectorTimestamp + 1, VectorBody), Is.Not.EqualTo(VectorSignature));
            Assert.That(WebhookSignature.Sign(key, VectorId, VectorTimestamp, VectorBody + " "), Is.Not.EqualTo(VectorSignature));
        });
    }

    [Test]
    public void Each_key_signs_space_separated_the_current_first_and_again_last()
    {
        var other = WebhookSecret.KeyOf("whsec_" + Convert.ToBase64String(new byte[32]));
        var header = WebhookSignature.Header([WebhookSecret.KeyOf(VectorSecret), other], VectorId, VectorTimestamp, VectorBody);
        // The repeat is for StandardWebhooks 1.1.2 for .NET, which never checks the last of several.
        Assert.That(header.Split(' '), Is.EqualTo(new[] { VectorSignature, WebhookSignature.Sign(other, VectorId, VectorTimestamp, VectorBody), VectorSignature }));
        Assert.That(WebhookSignature.Header([WebhookSecret.KeyOf(VectorSecret)], VectorId, VectorTimestamp, VectorBody), Is.EqualTo(VectorSignature));
    }
}

public sealed class When_a_webhook_secret_is_made_or_read
{
    [Test]
    public void A_new_secret_is_whsec_and_the_base64_of_32_random_bytes()
    {
        var secret = WebhookSecret.Generate();
        Assert.That(secret, Does.Match("^whsec_[A-Za-z0-9+/]{43}=$"));
        Assert.That(WebhookSecret.KeyOf(secret), Has.Length.EqualTo(32));
        Assert.That(WebhookSecret.Generate(), Is.Not.EqualTo(secret));
        Assert.That(WebhookSecret.Problem(secret), Is.Null);
        Assert.That(secret, Has.Length.LessThanOrEqualTo(WebhookSecret.MaxLength));
    }

    [Test]
    public void A_whsec_secret_is_decoded_and_any_other_string_is_its_utf8_bytes()
    {
        Assert.That(WebhookSecret.KeyOf("whsec_AAECAwQ="), Is.EqualTo(new byte[] { 0, 1, 2, 3, 4 }));
        Assert.That(WebhookSecret.KeyOf("secret-of-x-0123456789"), Is.EqualTo(Encoding.UTF8.GetBytes("secret-of-x-0123456789")));
        Assert.That(WebhookSecret.KeyOf("AAECAwQ="), Is.EqualTo(Encoding.UTF8.GetBytes("AAECAwQ=")), "only the prefix says base64");
    }

    [TestCase("whsec_not base64!", "must be whsec_ followed by base64")]
    [TestCase("whsec_AAECAwQ=", "must hold 24 to 64 bytes of key after whsec_ (it holds 5)")]
    public void A_whsec_secret_that_cannot_sign_says_why(string secret, string why) =>
        Assert.That(WebhookSecret.Problem(secret), Does.StartWith(why));

    [Test]
    public void The_longest_whsec_secret_fits_its_column() =>
        Assert.That(WebhookSecret.Prefix.Length + Convert.ToBase64String(new byte[WebhookSecret.MaximumKeyBytes]).Length,
            Is.EqualTo(WebhookSecret.MaxLength).And.LessThanOrEqualTo(100));
}

public sealed class When_a_webhook_secret_is_rotated
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_first_secret_signs_alone()
    {
        var set = WebhookRotation.Issue(null, "x", "https://hooks.x.example/", "whsec_new", T0, "admin:ops");
        Assert.That((set.PreviousSecret, set.PreviousSecretUntil, set.SetAt, set.SetBy), Is.EqualTo(((string?)null, (DateTimeOffset?)null, T0, "admin:ops")));
        Assert.That(WebhookRotation.SigningSecrets(set, T0), Is.EqualTo(new[] { "whsec_new" }));
        Assert.That(WebhookRotation.PreviousSecretSignsUntil(set, T0), Is.Null);
    }

    [Test]
    public void The_replaced_secret_signs_second_for_24_hours_then_no_more()
    {
        var first = WebhookRotation.Issue(null, "x", "https://hooks.x.example/", "whsec_old", T0, "admin:ops");
        var rotated = WebhookRotation.Issue(first, "x", first.Url, "whsec_new", T0.AddHours(1), "admin:ops");
        var until = T0.AddHours(25);
        Assert.That(rotated.PreviousSecretUntil, Is.EqualTo(until));
        Assert.That(WebhookRotation.SigningSecrets(rotated, T0.AddHours(1)), Is.EqualTo(new[] { "whsec_new", "whsec_old" }));
        Assert.That(WebhookRotation.SigningSecrets(rotated, until.AddMilliseconds(-1)), Is.EqualTo(new[] { "whsec_new", "whsec_old" }));
        Assert.That(WebhookRotation.SigningSecrets(rotated, until), Is.EqualTo(new[] { "whsec_new" }));
        Assert.That(WebhookRotation.PreviousSecretSignsUntil(rotated, T0.AddHours(1)), Is.EqualTo(until));
        Assert.That(WebhookRotation.PreviousSecretSignsUntil(rotated, until), Is.Null);
    }

    [Test]
    public void A_second_rotation_within_the_window_stops_the_oldest_secret()
    {
        var first = WebhookRotation.Issue(null, "x", "https://hooks.x.example/", "whsec_1", T0, "admin:ops");
        var second = WebhookRotation.Issue(first, "x", first.Url, "whsec_2", T0.AddHours(1), "admin:ops");
        var third = WebhookRotation.Issue(second, "x", "https://hooks2.x.example/", "whsec_3", T0.AddHours(2), "admin:other");
        Assert.That(WebhookRotation.SigningSecrets(third, T0.AddHours(2)), Is.EqualTo(new[] { "whsec_3", "whsec_2" }));
        Assert.That((third.Url, third.PreviousSecretUntil, third.SetBy), Is.EqualTo(("https://hooks2.x.example/", (DateTimeOffset?)T0.AddHours(26), "admin:other")));
    }
}
