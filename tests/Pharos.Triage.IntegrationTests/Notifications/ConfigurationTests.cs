using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Contacts;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Notifications;

public sealed class When_platform_contacts_are_configured
{
    private const string Secret = "a-secret-of-32-characters-------";

    private static List<string> Problems(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"Pharos:PlatformContacts:{s.Key}", (string?)s.Value)))
            .Build();
        var contacts = configuration.GetSection(PlatformContacts.Section).Get<PlatformContacts>() ?? new PlatformContacts();
        return PlatformContactsValidator.Problems(contacts).ToList();
    }

    [TestCase("https://hooks.x.example/pharos")]
    [TestCase("https://hooks.x.example:8443/pharos?channel=removals")]
    [TestCase("https://203.0.113.10/pharos")]
    [TestCase("http://127.0.0.1:8080/pharos")]
    [TestCase("http://localhost:5000/pharos")]
    [TestCase("http://[::1]:5000/pharos")]
    public void A_webhook_on_https_or_on_loopback_http_is_accepted(string url) =>
        Assert.That(Problems(("x:WebhookUrl", url), ("x:WebhookSecret", Secret)), Is.Empty);

    [TestCase("http://hooks.x.example/pharos", "must use https")]
    [TestCase("ftp://hooks.x.example/pharos", "must be an absolute https URL")]
    [TestCase("hooks.x.example/pharos", "must be an absolute https URL")]
    [TestCase("/pharos", "must be an absolute https URL")]
    [TestCase("https://user:password@hooks.x.example/pharos", "must not carry credentials")]
    [TestCase("https://10.1.2.3/pharos", "private, link-local")]
    [TestCase("https://172.20.0.1/pharos", "private, link-local")]
    [TestCase("https://192.168.1.10/pharos", "private, link-local")]
    [TestCase("https://100.64.0.1/pharos", "private, link-local")]
    [TestCase("https://169.254.169.254/latest/meta-data", "private, link-local")]
    [TestCase("https://0.0.0.0/pharos", "private, link-local")]
    [TestCase("https://[fe80::1]/pharos", "private, link-local")]
    [TestCase("https://[fd12:3456::1]/pharos", "private, link-local")]
    [TestCase("https://[::ffff:10.0.0.1]/pharos", "private, link-local")]
    [TestCase("http://10.0.0.1/pharos", "must use https")]
    // Issue 18: addresses that lead to any IPv4 address through a translator or relay, and the benchmarking range.
    [TestCase("https://[64:ff9b::a00:1]/pharos", "private, link-local")]
    [TestCase("https://[64:ff9b::5db8:d822]/pharos", "private, link-local")]
    [TestCase("https://[64:ff9b:1::a00:1]/pharos", "private, link-local")]
    [TestCase("https://[2002:a00:1::1]/pharos", "private, link-local")]
    [TestCase("https://[2001:0:4136:e378:8000:63bf:f5ff:fff5]/pharos", "private, link-local")]
    [TestCase("https://198.18.0.1/pharos", "private, link-local")]
    [TestCase("https://198.19.255.254/pharos", "private, link-local")]
    public void A_webhook_elsewhere_is_refused_naming_the_key(string url, string why)
    {
        var problems = Problems(("x:WebhookUrl", url), ("x:WebhookSecret", Secret));
        Assert.That(problems.Single(), Does.StartWith("Pharos:PlatformContacts:x:WebhookUrl ").And.Contains(why));
    }

    [Test]
    public void A_webhook_needs_a_secret_long_enough()
    {
        Assert.That(Problems(("x:WebhookUrl", "https://hooks.x.example/pharos")).Single(),
            Does.StartWith("Pharos:PlatformContacts:x:WebhookSecret is required"));
        Assert.That(Problems(("x:WebhookUrl", "https://hooks.x.example/pharos"), ("x:WebhookSecret", "   ")).Single(),
            Does.StartWith("Pharos:PlatformContacts:x:WebhookSecret is required"));
        Assert.That(Problems(("x:WebhookUrl", "https://hooks.x.example/pharos"), ("x:WebhookSecret", "short")).Single(),
            Does.StartWith("Pharos:PlatformContacts:x:WebhookSecret must be at least 16 characters"));
    }

    [Test]
    public void A_whsec_secret_must_decode_to_a_key_of_24_to_64_bytes()
    {
        const string url = "https://hooks.x.example/pharos";
        Assert.That(Problems(("x:WebhookUrl", url), ("x:WebhookSecret", "whsec_" + Convert.ToBase64String(new byte[24]))), Is.Empty);
        Assert.That(Problems(("x:WebhookUrl", url), ("x:WebhookSecret", "whsec_" + Convert.ToBase64String(new byte[64]))), Is.Empty);
        Assert.That(Problems(("x:WebhookUrl", url), ("x:WebhookSecret", "whsec_" + Convert.ToBase64String(new byte[23]))).Single(),
            Is.EqualTo("Pharos:PlatformContacts:x:WebhookSecret must hold 24 to 64 bytes of key after whsec_ (it holds 23)."));
        Assert.That(Problems(("x:WebhookUrl", url), ("x:WebhookSecret", "whsec_this is not base64 at all!!")).Single(),
            Is.EqualTo("Pharos:PlatformContacts:x:WebhookSecret must be whsec_ followed by base64."));
    }

    [Test]
    public void The_escalation_receiver_follows_the_same_rules_and_needs_a_webhook()
    {
        Assert.That(Problems(("x:WebhookUrl", "https://hooks.x.example/pharos"), ("x:WebhookSecret", Secret),
                ("x:EscalationWebhookUrl", "http://escalations.x.example/")).Single(),
            Does.StartWith("Pharos:PlatformContacts:x:EscalationWebhookUrl must use https"));
        Assert.That(Problems(("x:EscalationWebhookUrl", "https://escalations.x.example/")).Single(),
            Does.StartWith("Pharos:PlatformContacts:x:EscalationWebhookUrl is set without Pharos:PlatformContacts:x:WebhookUrl"));
    }

    [Test]
    public void A_platform_without_a_webhook_needs_nothing_else()
    {
        Assert.That(Problems(("youtube:EscalationContact", "someone@youtube.example")), Is.Empty);
        Assert.That(Problems(), Is.Empty);
    }

    [Test]
    public void Options_bound_with_a_bad_webhook_fail_validation_naming_every_wrong_key()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pharos:PlatformContacts:X:WebhookUrl"] = "http://hooks.x.example/pharos",
            ["Pharos:PlatformContacts:tiktok:WebhookUrl"] = "https://hooks.tiktok.example/pharos",
        }).Build());
        services.AddPlatformNotifications();
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IOptions<PlatformContacts>>().Value,
            Throws.TypeOf<OptionsValidationException>()
                .With.Message.Contains("Pharos:PlatformContacts:X:WebhookUrl must use https")
                .And.Message.Contains("Pharos:PlatformContacts:tiktok:WebhookSecret is required"));
    }

    [Test]
    public void The_host_does_not_start_with_a_bad_webhook()
    {
        using var app = new PharosApp(new Dictionary<string, string?>
        {
            ["Pharos:PlatformContacts:x:WebhookUrl"] = "https://169.254.169.254/latest/meta-data",
            ["Pharos:PlatformContacts:x:WebhookSecret"] = Secret,
        });

        var refused = Assert.Catch(() => app.CreateClient());
        var messages = string.Join(" | ", Flatten(refused!).Select(e => e.Message));
        Assert.That(messages, Does.Contain("Pharos:PlatformContacts:x:WebhookUrl must not name a private, link-local or other internal address"));
    }

    [Test]
    public void Ids_match_whatever_their_case_as_configuration_keys_do()
    {
        var contacts = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pharos:PlatformContacts:X:WebhookUrl"] = "https://hooks.x.example/pharos",
        }).Build().GetSection(PlatformContacts.Section).Get<PlatformContacts>()!;
        Assert.That(contacts.WebhookOf("x")?.WebhookUrl, Is.EqualTo("https://hooks.x.example/pharos"));
        Assert.That(contacts.WebhookOf("youtube"), Is.Null);
    }

    [TestCase("93.184.216.34", false, true)]
    [TestCase("10.0.0.7", false, false)]
    [TestCase("169.254.169.254", false, false)]
    [TestCase("::ffff:192.168.0.1", false, false)]
    [TestCase("127.0.0.1", false, false)]
    [TestCase("127.0.0.1", true, true)]
    [TestCase("::1", true, true)]
    [TestCase("64:ff9b::a00:7", false, false)]
    [TestCase("64:ff9b:1:2::a00:7", false, false)]
    [TestCase("2002:c0a8:1::1", false, false)]
    [TestCase("2001:0:4136:e378:8000:63bf:f5ff:fff5", false, false)]
    [TestCase("198.18.4.4", false, false)]
    [TestCase("198.17.255.255", false, true)]
    [TestCase("198.20.0.1", false, true)]
    [TestCase("2001:db9::1", false, true)]
    [TestCase("64:ff9c::1", false, true)]
    public void A_resolved_address_is_checked_before_connecting(string resolved, bool receiverIsLoopback, bool allowed) =>
        Assert.That(ReceiverAddress.MayConnect(IPAddress.Parse(resolved), receiverIsLoopback), Is.EqualTo(allowed));

    [Test]
    public void Retry_settings_out_of_range_are_refused_naming_the_key()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions { AttemptTimeout = TimeSpan.FromMilliseconds(1), MaxDispatches = 0 });
        Assert.That(result.Failures, Has.Exactly(1).StartsWith("Pharos:Webhooks:AttemptTimeout")
            .And.Exactly(1).StartsWith("Pharos:Webhooks:MaxDispatches"));
        Assert.That(new WebhookOptionsValidator().Validate(null, new WebhookOptions()).Succeeded, Is.True);
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
