using System.Diagnostics;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Tests.Telemetry;

public sealed class When_a_stored_trace_context_is_read
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Test]
    public void A_traceparent_becomes_a_remote_parent_with_its_trace_span_flags_and_state()
    {
        var parent = new StoredTraceContext(TraceParent, "pharos=1").AsParent();

        Assert.That(parent, Is.Not.Null);
        var context = parent!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(context.TraceId.ToHexString(), Is.EqualTo("0af7651916cd43dd8448eb211c80319c"));
            Assert.That(context.SpanId.ToHexString(), Is.EqualTo("b7ad6b7169203331"));
            Assert.That(context.TraceFlags, Is.EqualTo(ActivityTraceFlags.Recorded));
            Assert.That(context.TraceState, Is.EqualTo("pharos=1"));
            Assert.That(context.IsRemote, Is.True);
        });
    }

    [Test]
    public void An_unsampled_traceparent_stays_unsampled()
    {
        Assert.That(new StoredTraceContext(TraceParent[..^2] + "00", null).AsParent()!.Value.TraceFlags, Is.EqualTo(ActivityTraceFlags.None));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not a traceparent")]
    [TestCase("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    public void A_missing_or_broken_traceparent_is_no_parent(string? traceParent)
    {
        Assert.That(new StoredTraceContext(traceParent, null).AsParent(), Is.Null);
    }

    [Test]
    public void The_current_span_is_stored_as_its_traceparent_and_a_state_longer_than_W3C_s_limit_is_dropped()
    {
        using var activity = new Activity("work").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "a=1";
        var stored = StoredTraceContext.Current();
        activity.TraceStateString = "a=" + new string('x', 600);
        var tooLong = StoredTraceContext.Current();

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(new StoredTraceContext(activity.Id, "a=1")));
            Assert.That(stored.TraceParent, Does.Match("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$"));
            Assert.That(tooLong, Is.EqualTo(new StoredTraceContext(activity.Id, null)));
        });
    }

    [Test]
    public void Nothing_is_stored_when_no_span_is_under_way()
    {
        Activity.Current = null;
        Assert.That(StoredTraceContext.Current(), Is.EqualTo(default(StoredTraceContext)));
    }
}

public sealed class When_telemetry_names_services
{
    [Test]
    public void The_process_is_named_by_OTEL_SERVICE_NAME_else_by_what_it_runs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ServiceNames.OfProcess("ministry-pharos", ["Intake"]), Is.EqualTo("ministry-pharos"));
            Assert.That(ServiceNames.OfProcess(null, ["Intake", "Routing", "PlatformLiaison", "Escalation"]), Is.EqualTo("pharos-triage"));
            Assert.That(ServiceNames.OfProcess(" ", ["PlatformLiaison"]), Is.EqualTo("pharos-triage-platformliaison"));
        });
    }

    [TestCase("loopback://localhost/routing-report-filed", "routing")]
    [TestCase("rabbitmq://localhost/pharos/platformliaison-request-issued?temporary=false", "platformliaison")]
    [TestCase("escalation-start-clock", "escalation")]
    [TestCase("urn:message:Pharos.Triage.Contracts:ReportFiled", null)]
    [TestCase(null, null)]
    public void A_queue_names_its_service(string? address, string? service)
    {
        Assert.That(ServiceNames.OfQueue(address), Is.EqualTo(service));
    }

    [TestCase("Pharos.Triage.Intake", "intake")]
    [TestCase("Pharos.Triage.PlatformLiaison", "platformliaison")]
    [TestCase("Microsoft.AspNetCore.Routing", null)]
    public void An_endpoint_s_assembly_names_its_service(string assembly, string? service)
    {
        Assert.That(ServiceNames.OfAssembly(assembly), Is.EqualTo(service));
    }
}
