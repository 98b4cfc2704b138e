using Pharos.Triage.Escalation;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Intake;
using Pharos.Triage.PlatformLiaison;
using Pharos.Triage.Routing;
using Pharos.Triage.Routing.Consumers;

namespace Pharos.Triage.Tests.Hosting;

/// <summary>Issue 15: a service's queues are named after the service, from the name its module carries.</summary>
public class When_a_service_declares_its_consumers
{
    private static readonly ServiceModule[] Modules = [IntakeService.Module, RoutingService.Module, LiaisonService.Module, EscalationService.Module];

    [TestCaseSource(nameof(Modules))]
    public void Each_queue_begins_with_the_service_s_name(ServiceModule module)
    {
        var queues = ServiceConsumers.SubscriptionsOf([module]).Consumers.Values.SelectMany(q => q).Distinct().ToList();

        Assert.That(queues, Is.Not.Empty);
        Assert.That(queues, Has.All.StartsWith(module.Name.ToLowerInvariant() + "-"));
    }

    [Test]
    public void One_declared_under_another_name_is_refused()
    {
        var module = new ServiceModule(RoutingService.Name, _ => { }, x => x.AddServiceConsumer<ReportFiledConsumer>("liaison"), _ => { });

        Assert.That(() => ServiceConsumers.SubscriptionsOf([module]),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("ReportFiledConsumer under 'liaison'"));
    }

    [Test]
    public void The_name_s_case_does_not_matter()
    {
        var module = new ServiceModule(RoutingService.Name, _ => { }, x => x.AddServiceConsumer<ReportFiledConsumer>("routing"), _ => { });

        Assert.That(ServiceConsumers.SubscriptionsOf([module]).Consumers["ReportFiled"], Is.EqualTo(new[] { "routing-report-filed" }));
    }
}
