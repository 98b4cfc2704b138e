using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Consumers;

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_routing_consumes_filed_reports(DatabaseProvider store)
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
        services => services.AddSingleton<LiveCatalogue>(), store: store);

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
        Assert.That(issued.Reference, Is.EqualTo("PHR-2026-00000001"));
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
    public async Task A_stricter_report_supersedes_the_open_request_and_later_reports_follow_the_new_one()
    {
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/9", Category.HateSpeech));
        await _routing.Deliver(Filed("r2", "https://x.com/a/status/9?utm_source=x", Category.Terrorism));
        await _routing.DispatchOutbox();

        var issued = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 2, "two requests");
        var (dsa, tco) = (issued.Single(i => i.ReportId == "r1"), issued.Single(i => i.ReportId == "r2"));
        Assert.That((dsa.LegalBasis, tco.LegalBasis), Is.EqualTo((LegalBasis.DsaNotice, LegalBasis.TcoRemovalOrder)));
        Assert.That(tco.ActBy, Is.EqualTo(PharosApp.Start.AddHours(1)), "the TCO's hour, not the DSA's 72");
        var superseded = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestSuperseded>()), l => l.Count == 1, "RequestSuperseded")).Single();
        Assert.That(superseded, Is.EqualTo(new RequestSuperseded(dsa.RequestId, "x", tco.RequestId, tco.Reference, LegalBasis.TcoRemovalOrder, PharosApp.Start)));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests WHERE request_id = @RequestId AND legal_basis = 'tco_removal_order'",
            new { tco.RequestId }), Is.EqualTo(1));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));

        // The superseded request's closing reaches Routing too: the URL stays under the new request.
        await _routing.Deliver(new RequestClosed(dsa.RequestId, "x", dsa.NormalizedUrl, Outcome.Superseded, null, null,
            PharosApp.Start, PharosApp.Start, PharosApp.Start, dsa.AcknowledgeBy, dsa.ActBy, "system:routing", TimeSpan.Zero));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));

        // As strict, or laxer: a duplicate of the new request.
        await _routing.Deliver(Filed("r3", "https://x.com/a/status/9", Category.Terrorism));
        await _routing.Deliver(Filed("r4", "https://x.com/a/status/9", Category.HateSpeech));
        await _routing.Deliver(Filed("r5", "https://x.com/a/status/9", Category.ChildSexualAbuse));
        await _routing.DispatchOutbox();
        var duplicates = await Eventually.Until(() => Task.FromResult(_routing.Published<ReportDuplicate>()), l => l.Count == 3, "three duplicates");
        Assert.That(duplicates.Select(d => (d.DuplicateOf, d.RequestId)), Has.All.EqualTo(("r2", tco.RequestId)));
        Assert.That(_routing.Published<RequestIssued>(), Has.Count.EqualTo(2));
        Assert.That(_routing.Published<RequestSuperseded>(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_stricter_report_filed_again_by_the_redrive_announces_the_same_supersession()
    {
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/11", Category.HateSpeech));
        await _routing.Deliver(Filed("r2", "https://x.com/a/status/11", Category.Terrorism));
        await _routing.Deliver(Filed("r2", "https://x.com/a/status/11", Category.Terrorism)); // a new message id: the re-drive
        await _routing.DispatchOutbox();

        var superseded = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestSuperseded>()), l => l.Count == 2, "the supersession twice");
        Assert.That(superseded[1], Is.EqualTo(superseded[0]));
        var issued = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 3, "the new request twice");
        Assert.That(issued.Select(i => i.RequestId).Distinct().Count(), Is.EqualTo(2));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM open_requests"), Is.EqualTo(1));
    }

    [Test]
    public async Task Each_stricter_basis_supersedes_in_turn()
    {
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/10", Category.Other));
        await _routing.Deliver(Filed("r2", "https://x.com/a/status/10", Category.IllicitTrade));
        await _routing.Deliver(Filed("r3", "https://x.com/a/status/10", Category.Terrorism));
        await _routing.DispatchOutbox();

        var issued = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 3, "three requests"))
            .OrderBy(i => i.ReportId).ToList();
        var superseded = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestSuperseded>()), l => l.Count == 2, "two supersessions");
        Assert.That(issued.Select(i => i.LegalBasis), Is.EqualTo(new[] { LegalBasis.DsaNotice, LegalBasis.Lcen61, LegalBasis.TcoRemovalOrder }));
        Assert.That(superseded.Select(s => (s.RequestId, s.SupersededBy)),
            Is.EquivalentTo(new[] { (issued[0].RequestId, issued[1].RequestId), (issued[1].RequestId, issued[2].RequestId) }));
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
        Assert.That(second[1].Reference, Is.EqualTo("PHR-2026-00000002"));
    }

    [Test]
    public async Task The_millionth_and_the_ten_millionth_request_of_a_year_keep_the_reference_format()
    {
        await _routing.Deliver(Filed("r1", "https://x.com/a/status/1"));
        await SetReferenceCounter(999_999);
        await _routing.Deliver(Filed("r2", "https://x.com/a/status/2"));
        await SetReferenceCounter(9_999_999);
        await _routing.Deliver(Filed("r3", "https://x.com/a/status/3"));
        await _routing.DispatchOutbox();

        var references = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 3, "three requests"))
            .OrderBy(i => i.ReportId).Select(i => i.Reference).ToList();
        Assert.That(references, Is.EqualTo(new[] { "PHR-2026-00000001", "PHR-2026-01000000", "PHR-2026-10000000" }));
        Assert.That(references, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    private async Task SetReferenceCounter(long lastValue)
    {
        await using var connection = await _routing.Database.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE reference_counters SET last_value = @LastValue", new { LastValue = lastValue });
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
