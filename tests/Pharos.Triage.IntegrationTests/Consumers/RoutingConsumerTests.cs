using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Consumers;

public sealed class When_routing_consumes_filed_reports
{
    private ServiceBed<RoutingDatabase> _routing = null!;

    [SetUp]
    public async Task Start() => _routing = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous),
        x =>
        {
            x.AddConsumer<ReportFiledConsumer>();
            x.AddConsumer<RequestClosedConsumer>();
        },
        services => services.AddSingleton(new PlatformCatalogue(SeededPlatforms.All)));

    [TearDown]
    public async Task Stop() => await _routing.DisposeAsync();

    private static ReportFiled Filed(string reportId, string url, string category = Category.Terrorism) =>
        new(reportId, url, category, "Terrorist propaganda", null, false, PharosApp.Start, "analyst:a");

    [Test]
    public async Task A_report_for_a_known_platform_issues_one_request()
    {
        await _routing.Deliver(Filed("r1", "https://m.facebook.com/watch?v=1&utm_source=x"));
        Assert.That(await _routing.DispatchOutbox(), Is.EqualTo(1));

        var issued = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 1, "RequestIssued")).Single();
        Assert.That(issued.ReportId, Is.EqualTo("r1"));
        Assert.That(issued.PlatformId, Is.EqualTo("facebook"));
        Assert.That(issued.NormalizedUrl, Is.EqualTo("https://m.facebook.com/watch?v=1"));
        Assert.That(issued.LegalBasis, Is.EqualTo(LegalBasis.TcoRemovalOrder));
        Assert.That(issued.Reference, Is.EqualTo("PHR-2026-000001"));
        Assert.That(issued.IssuedAt, Is.EqualTo(PharosApp.Start));
        Assert.That(issued.AcknowledgeBy, Is.EqualTo(PharosApp.Start.AddHours(1)));
        Assert.That(issued.ActBy, Is.EqualTo(PharosApp.Start.AddHours(1)));
        Assert.That(issued.Reasons, Is.EqualTo("Terrorist propaganda"));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_second_report_of_an_open_url_is_a_duplicate_and_issues_nothing()
    {
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/1"));
        await _routing.Deliver(Filed("r2", "https://X.COM/a/status/1#reply"));
        await _routing.DispatchOutbox();

        var issued = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 1, "one RequestIssued");
        var duplicate = (await Eventually.Until(() => Task.FromResult(_routing.Published<ReportDuplicate>()), l => l.Count == 1, "ReportDuplicate")).Single();
        Assert.That(duplicate.ReportId, Is.EqualTo("r2"));
        Assert.That(duplicate.DuplicateOf, Is.EqualTo("r1"));
        Assert.That(duplicate.RequestId, Is.EqualTo(issued.Single().RequestId));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_redelivered_message_changes_nothing()
    {
        var messageId = Guid.NewGuid();
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/2"), messageId);
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/2"), messageId);

        Assert.That(await _routing.Count("SELECT COUNT(*) FROM routing_decisions"), Is.EqualTo(1));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM outbox"), Is.EqualTo(1), "one message caused, not two");
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM reference_counters WHERE last_value = 1"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_report_filed_again_by_the_redrive_gets_the_same_request()
    {
        await _routing.Deliver(Filed("r1", "https://youtu.be/abc"));
        await _routing.Deliver(Filed("r1", "https://youtu.be/abc")); // a new message id: the re-drive
        await _routing.DispatchOutbox();

        var issued = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 2, "the decision twice");
        Assert.That(issued.Select(i => i.RequestId).Distinct().Count(), Is.EqualTo(1), "the same request announced again");
        Assert.That(issued[1], Is.EqualTo(issued[0]));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_closed_request_frees_its_url_for_a_new_request()
    {
        await _routing.Deliver(Filed("r1", "https://t.me/channel/1"));
        await _routing.DispatchOutbox();
        var first = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 1, "first request")).Single();

        await _routing.Deliver(new RequestClosed(first.RequestId, "telegram", first.NormalizedUrl, Outcome.Removed, null, null,
            PharosApp.Start, PharosApp.Start, PharosApp.Start, first.AcknowledgeBy, first.ActBy, "platform:t", TimeSpan.Zero));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.Zero);

        await _routing.Deliver(Filed("r2", "https://t.me/channel/1"));
        await _routing.DispatchOutbox();
        var second = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 2, "second request");
        Assert.That(second[1].RequestId, Is.Not.EqualTo(first.RequestId));
        Assert.That(second[1].Reference, Is.EqualTo("PHR-2026-000002"));
    }

    [TestCase("https://www.facebook.com/shop", Category.Fraud, ForwardedTo.FraudService, "fraud")]
    [TestCase("https://unknown.example/page", Category.HateSpeech, ForwardedTo.InternationalCooperation, "host_not_in_catalogue")]
    public async Task A_report_no_platform_takes_is_forwarded(string url, string category, string to, string reason)
    {
        await _routing.Deliver(Filed("r1", url, category));
        await _routing.DispatchOutbox();
        var forwarded = (await Eventually.Until(() => Task.FromResult(_routing.Published<ReportForwarded>()), l => l.Count == 1, "ReportForwarded")).Single();
        Assert.That((forwarded.ForwardedTo, forwarded.Reason), Is.EqualTo((to, reason)));
        Assert.That(_routing.Published<RequestIssued>(), Is.Empty);
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.Zero);
    }
}
