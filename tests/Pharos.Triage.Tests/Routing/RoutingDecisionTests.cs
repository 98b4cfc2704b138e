using Microsoft.Extensions.Configuration;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Decisions;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Tests.Routing;

public class When_deciding_where_a_report_goes
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 15, 0, TimeSpan.Zero);
    private static readonly PlatformCatalogue Catalogue = new(ApiSeededPlatforms.All);

    internal static ReportFiled Report(string url, string category) =>
        new("report-1", url, category, "terrorist propaganda video", null, false, Now, "analyst:a.martin");

    internal static DeadlinePolicies Policies(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private static RoutingDecision Decide(ReportFiled report, DeadlinePolicies? policies = null, OpenRequest? open = null) =>
        RoutingDecision.Decide(report, NormalizedUrl.Of(report.Url), Catalogue, policies ?? Policies(), open, Now);

    // DOMAIN.md, "Categories and their legal basis": legal basis, acknowledge window, act window.
    [TestCase(Category.Terrorism, LegalBasis.TcoRemovalOrder, 1, 1)]
    [TestCase(Category.ChildSexualAbuse, LegalBasis.Lcen61, 24, 24)]
    [TestCase(Category.IllicitTrade, LegalBasis.Lcen61, 24, 24)]
    [TestCase(Category.HateSpeech, LegalBasis.DsaNotice, 24, 72)]
    [TestCase(Category.ThreatsViolence, LegalBasis.DsaNotice, 24, 72)]
    [TestCase(Category.Other, LegalBasis.DsaNotice, 24, 72)]
    public void Issues_a_request_to_a_known_platform_with_the_default_deadlines(
        string category, string legalBasis, int acknowledgeHours, int actHours)
    {
        var decision = Decide(Report("https://x.com/someone/status/1?utm_source=share", category));

        var issue = (RoutingDecision.Issue)decision;
        Assert.That(issue.Platform.Id, Is.EqualTo("x"));
        Assert.That(issue.NormalizedUrl, Is.EqualTo("https://x.com/someone/status/1"));
        Assert.That(issue.Policy.LegalBasis, Is.EqualTo(legalBasis));
        Assert.That(issue.AcknowledgeBy, Is.EqualTo(Now.AddHours(acknowledgeHours)));
        Assert.That(issue.ActBy, Is.EqualTo(Now.AddHours(actHours)));
    }

    // DOMAIN.md: every time a request is held to, decided at issue. Reminder while unacknowledged at half the
    // window of the earliest pending deadline (acknowledge-by), once acknowledged at half the act window.
    [TestCase(Category.Terrorism, 1, 1, 2, 0.5, 0.5, TestName = "TCO 1 h / 1 h: unanswered at 2 h, reminded at 30 min either way")]
    [TestCase(Category.ChildSexualAbuse, 24, 24, 48, 12, 12, TestName = "LCEN 6-1 (child abuse) 24 h / 24 h: unanswered at 48 h, reminded at 12 h either way")]
    [TestCase(Category.IllicitTrade, 24, 24, 48, 12, 12, TestName = "LCEN 6-1 (illicit trade) 24 h / 24 h: unanswered at 48 h, reminded at 12 h either way")]
    [TestCase(Category.HateSpeech, 24, 72, 144, 12, 36, TestName = "DSA (hate speech) 24 h / 72 h: unanswered at 144 h, reminded at 12 h, or 36 h once acknowledged")]
    [TestCase(Category.ThreatsViolence, 24, 72, 144, 12, 36, TestName = "DSA (threats) 24 h / 72 h: unanswered at 144 h, reminded at 12 h, or 36 h once acknowledged")]
    [TestCase(Category.Other, 24, 72, 144, 12, 36, TestName = "DSA (other) 24 h / 72 h: unanswered at 144 h, reminded at 12 h, or 36 h once acknowledged")]
    public void Decides_every_time_the_request_is_held_to(
        string category, double acknowledgeBy, double actBy, double unansweredAt, double acknowledgeReminderAt, double actReminderAt)
    {
        var issue = (RoutingDecision.Issue)Decide(Report("https://x.com/someone/status/1", category));

        Assert.That(issue.Deadlines, Is.EqualTo(new RequestDeadlines(Now.AddHours(acknowledgeBy), Now.AddHours(actBy),
            Now.AddHours(unansweredAt), Now.AddHours(acknowledgeReminderAt), Now.AddHours(actReminderAt))));
    }

    [Test]
    public void Reminds_an_unacknowledged_request_at_half_its_earliest_window_and_takes_its_own_grace()
    {
        // Configured so that act-by comes before acknowledge-by: act-by is then the earliest pending deadline.
        var policies = Policies(
            ("Pharos:Sla:other:AcknowledgeWithin", "10:00:00"),
            ("Pharos:Sla:other:ActWithin", "04:00:00"),
            ("Pharos:Sla:other:UnansweredAfter", "00:30:00"));

        var issue = (RoutingDecision.Issue)Decide(Report("https://x.com/a", Category.Other), policies);

        Assert.That(issue.Deadlines, Is.EqualTo(new RequestDeadlines(Now.AddHours(10), Now.AddHours(4), Now.AddHours(4.5), Now.AddHours(2), Now.AddHours(2))));
    }

    [Test]
    public void Covers_every_category_sent_to_platforms()
    {
        var policies = Policies();

        foreach (var category in Category.All.Where(c => c != Category.Fraud))
            Assert.That(policies.For(category, "x"), Is.Not.Null, category);
        Assert.That(policies.For(Category.Fraud, "x"), Is.Null);
    }

    [Test]
    public void Links_to_the_open_request_of_the_same_url()
    {
        var open = new OpenRequest("request-7", "report-0", "x", LegalBasis.TcoRemovalOrder);

        var decision = Decide(Report("https://X.com/someone/status/1#reply", Category.Terrorism), open: open);

        Assert.That(decision, Is.EqualTo(new RoutingDecision.Duplicate("https://x.com/someone/status/1", open)));
    }

    // DOMAIN.md, "Lifecycle": the platform is always asked under the strictest basis any open report warrants.
    // Every pair (basis of the open request, basis the new report warrants), with a category of each basis.
    [TestCase(LegalBasis.DsaNotice, Category.Terrorism, true)]
    [TestCase(LegalBasis.DsaNotice, Category.ChildSexualAbuse, true)]
    [TestCase(LegalBasis.DsaNotice, Category.HateSpeech, false)]
    [TestCase(LegalBasis.Lcen61, Category.Terrorism, true)]
    [TestCase(LegalBasis.Lcen61, Category.IllicitTrade, false)]
    [TestCase(LegalBasis.Lcen61, Category.Other, false)]
    [TestCase(LegalBasis.TcoRemovalOrder, Category.Terrorism, false)]
    [TestCase(LegalBasis.TcoRemovalOrder, Category.ChildSexualAbuse, false)]
    [TestCase(LegalBasis.TcoRemovalOrder, Category.ThreatsViolence, false)]
    public void Supersedes_an_open_request_only_for_a_strictly_stricter_basis(string openBasis, string category, bool supersedes)
    {
        var open = new OpenRequest("request-7", "report-0", "x", openBasis);

        var decision = Decide(Report("https://x.com/someone/status/1", category), open: open);

        if (!supersedes)
        {
            Assert.That(decision, Is.EqualTo(new RoutingDecision.Duplicate("https://x.com/someone/status/1", open)));
            return;
        }
        var policy = Policies().For(category, "x")!;
        Assert.That(decision, Is.EqualTo(new RoutingDecision.Supersede("https://x.com/someone/status/1", Catalogue.Resolve("x.com")!,
            policy, IssueDeadlines.For(policy, Now), open)));
    }

    [Test]
    public void A_terrorism_report_of_content_under_a_dsa_notice_is_asked_within_the_hour()
    {
        var open = new OpenRequest("request-7", "report-0", "x", LegalBasis.DsaNotice);

        var supersede = (RoutingDecision.Supersede)Decide(Report("https://x.com/someone/status/1", Category.Terrorism), open: open);

        Assert.That(supersede.Policy.LegalBasis, Is.EqualTo(LegalBasis.TcoRemovalOrder));
        Assert.That(supersede.Deadlines.ActBy, Is.EqualTo(Now.AddHours(1)));
        Assert.That(supersede.Replaced, Is.EqualTo(open));
    }

    [Test]
    public void An_open_request_of_unknown_basis_is_shared_as_before()
    {
        var open = new OpenRequest("request-7", "report-0", "x", null);

        Assert.That(Decide(Report("https://x.com/a", Category.Terrorism), open: open), Is.InstanceOf<RoutingDecision.Duplicate>());
    }

    [TestCase(LegalBasis.TcoRemovalOrder, LegalBasis.Lcen61, true)]
    [TestCase(LegalBasis.TcoRemovalOrder, LegalBasis.DsaNotice, true)]
    [TestCase(LegalBasis.Lcen61, LegalBasis.DsaNotice, true)]
    [TestCase(LegalBasis.TcoRemovalOrder, LegalBasis.TcoRemovalOrder, false)]
    [TestCase(LegalBasis.Lcen61, LegalBasis.Lcen61, false)]
    [TestCase(LegalBasis.DsaNotice, LegalBasis.DsaNotice, false)]
    [TestCase(LegalBasis.Lcen61, LegalBasis.TcoRemovalOrder, false)]
    [TestCase(LegalBasis.DsaNotice, LegalBasis.TcoRemovalOrder, false)]
    [TestCase(LegalBasis.DsaNotice, LegalBasis.Lcen61, false)]
    public void Orders_legal_bases_by_strictness(string basis, string than, bool stricter)
    {
        Assert.That(RoutingDecision.IsStricter(basis, than), Is.EqualTo(stricter));
    }

    [Test]
    public void Forwards_fraud_to_the_fraud_service_even_for_a_known_platform()
    {
        var decision = Decide(Report("https://www.facebook.com/scam-page", Category.Fraud));

        Assert.That(decision, Is.EqualTo(new RoutingDecision.Forward("https://www.facebook.com/scam-page", ForwardedTo.FraudService, "fraud")));
    }

    [Test]
    public void Forwards_fraud_to_the_fraud_service_even_when_a_request_is_open()
    {
        var decision = Decide(Report("https://www.facebook.com/scam-page", Category.Fraud), open: new OpenRequest("request-7", "report-0", "facebook", LegalBasis.DsaNotice));

        Assert.That(decision, Is.InstanceOf<RoutingDecision.Forward>().With.Property("To").EqualTo(ForwardedTo.FraudService));
    }

    [TestCase("https://unknown-host.example/page")]
    [TestCase("https://notfacebook.com/page")]
    [TestCase("https://outlook.live.com/mail")]
    public void Forwards_an_unknown_host_to_international_cooperation(string url)
    {
        var decision = Decide(Report(url, Category.HateSpeech));

        Assert.That(decision, Is.EqualTo(new RoutingDecision.Forward(url, ForwardedTo.InternationalCooperation, "host_not_in_catalogue")));
    }

    [Test]
    public void Forwards_an_unparsable_url_to_international_cooperation()
    {
        var decision = Decide(Report("not a url", Category.Terrorism));

        Assert.That(decision, Is.EqualTo(new RoutingDecision.Forward("not a url", ForwardedTo.InternationalCooperation, "unparsable_url")));
    }

    [Test]
    public void Refuses_a_category_without_deadlines()
    {
        Assert.That(() => Decide(Report("https://x.com/a", "jaywalking")), Throws.InvalidOperationException);
    }

    [Test]
    public void Takes_a_category_override_from_configuration()
    {
        var policies = Policies(("Pharos:Sla:hate_speech:ActWithin", "00:00:03"));

        var issue = (RoutingDecision.Issue)Decide(Report("https://x.com/a", Category.HateSpeech), policies);

        Assert.That(issue.AcknowledgeBy, Is.EqualTo(Now.AddHours(24)));
        Assert.That(issue.ActBy, Is.EqualTo(Now.AddSeconds(3)));
        Assert.That(issue.Policy.UnansweredAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(issue.Policy.LegalBasis, Is.EqualTo(LegalBasis.DsaNotice));
    }

    [Test]
    public void Takes_a_platform_override_for_that_platform_only()
    {
        var policies = Policies(("Pharos:Sla:Platforms:x:terrorism:AcknowledgeWithin", "00:10:00"));

        var forX = (RoutingDecision.Issue)Decide(Report("https://x.com/a", Category.Terrorism), policies);
        var forYoutube = (RoutingDecision.Issue)Decide(Report("https://youtu.be/a", Category.Terrorism), policies);
        var otherCategoryForX = (RoutingDecision.Issue)Decide(Report("https://x.com/a", Category.IllicitTrade), policies);

        Assert.That(forX.AcknowledgeBy, Is.EqualTo(Now.AddMinutes(10)));
        Assert.That(forX.ActBy, Is.EqualTo(Now.AddHours(1)));
        Assert.That(forX.Policy.LegalBasis, Is.EqualTo(LegalBasis.TcoRemovalOrder));
        Assert.That(forYoutube.AcknowledgeBy, Is.EqualTo(Now.AddHours(1)));
        Assert.That(otherCategoryForX.AcknowledgeBy, Is.EqualTo(Now.AddHours(24)));
    }

    [Test]
    public void Lays_a_platform_override_over_the_category_override()
    {
        var policies = Policies(
            ("Pharos:Sla:hate_speech:ActWithin", "00:00:03"),
            ("Pharos:Sla:Platforms:x:hate_speech:AcknowledgeWithin", "00:00:01"));

        var issue = (RoutingDecision.Issue)Decide(Report("https://x.com/a", Category.HateSpeech), policies);

        Assert.That(issue.AcknowledgeBy, Is.EqualTo(Now.AddSeconds(1)));
        Assert.That(issue.ActBy, Is.EqualTo(Now.AddSeconds(3)));
    }
}

public class When_reading_deadline_policies_from_configuration
{
    private static DeadlinePolicies Policies(params (string Key, string Value)[] settings) =>
        When_deciding_where_a_report_goes.Policies(settings);

    [TestCase("Pharos:Sla:hate_speech:ActWithin", "00:00:00")]
    [TestCase("Pharos:Sla:hate_speech:ActWithin", "-01:00:00")]
    [TestCase("Pharos:Sla:hate_speech:ActWithin", "soon")]
    [TestCase("Pharos:Sla:terrorism:AcknowledgeWithin", "0")]
    [TestCase("Pharos:Sla:other:UnansweredAfter", "-00:00:01")]
    [TestCase("Pharos:Sla:Platforms:x:terrorism:AcknowledgeWithin", "never")]
    [TestCase("Pharos:Sla:Platforms:x:terrorism:ActWithin", "00:00:00")]
    public void Refuses_a_window_that_is_not_positive_naming_the_key(string key, string value)
    {
        Assert.That(() => Policies((key, value)),
            Throws.InvalidOperationException.With.Message.Contains(key).And.Message.Contains(value));
    }

    [Test]
    public void Refuses_a_platform_override_for_a_category_without_deadlines()
    {
        Assert.That(() => Policies(("Pharos:Sla:Platforms:x:fraud:ActWithin", "01:00:00")),
            Throws.InvalidOperationException.With.Message.Contains("Pharos:Sla:Platforms:x:fraud"));
    }

    [TestCase("Pharos:Sla:hatespeech:ActWithin")]
    [TestCase("Pharos:Sla:fraud:ActWithin")]
    public void Refuses_a_key_that_names_no_category_with_deadlines(string key)
    {
        Assert.That(() => Policies((key, "01:00:00")), Throws.InvalidOperationException.With.Message.Contains(key.Split(':')[2]));
    }

    [TestCase("Pharos:Sla:Terrorism:ActWithin")]
    [TestCase("Pharos:Sla:Platforms:X:Terrorism:ActWithin")]
    public void Reads_keys_whatever_their_case(string key)
    {
        Assert.That(Policies((key, "00:30:00")).For(Category.Terrorism, "x")!.ActWithin, Is.EqualTo(TimeSpan.FromMinutes(30)));
    }

    [TestCase(Category.Terrorism, 1)]
    [TestCase(Category.ChildSexualAbuse, 24)]
    [TestCase(Category.IllicitTrade, 24)]
    [TestCase(Category.HateSpeech, 72)]
    [TestCase(Category.ThreatsViolence, 72)]
    [TestCase(Category.Other, 72)]
    public void Counts_unanswered_after_the_act_window_by_default(string category, int actHours)
    {
        var policy = Policies().For(category, "x")!;

        Assert.That(policy.UnansweredAfter, Is.EqualTo(TimeSpan.FromHours(actHours)));
        Assert.That(policy.UnansweredAfter, Is.EqualTo(policy.ActWithin));
    }

    [Test]
    public void Follows_an_overridden_act_window_for_unanswered_after()
    {
        var policies = Policies(
            ("Pharos:Sla:terrorism:ActWithin", "00:30:00"),
            ("Pharos:Sla:Platforms:tiktok:other:ActWithin", "12:00:00"));

        Assert.That(policies.For(Category.Terrorism, "x")!.UnansweredAfter, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(policies.For(Category.Other, "tiktok")!.UnansweredAfter, Is.EqualTo(TimeSpan.FromHours(12)));
    }

    [Test]
    public void Takes_an_explicit_unanswered_after()
    {
        var policies = Policies(
            ("Pharos:Sla:terrorism:ActWithin", "00:30:00"),
            ("Pharos:Sla:terrorism:UnansweredAfter", "02:00:00"));

        var policy = policies.For(Category.Terrorism, "x")!;

        Assert.That(policy.ActWithin, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(policy.UnansweredAfter, Is.EqualTo(TimeSpan.FromHours(2)));
    }
}
