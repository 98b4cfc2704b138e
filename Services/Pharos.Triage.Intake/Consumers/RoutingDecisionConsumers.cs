using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Consumers;

// Routing's decision on a report, projected onto the report and its timeline. A report leaves
// `received` once; a decision that reaches a report already decided appends nothing new.

public sealed class RequestIssuedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestIssued>
{
    public Task Consume(ConsumeContext<RequestIssued> context) =>
        database.HandleOnceAsync(context, nameof(RequestIssuedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            var sql = database.Sql;
            await uow.ExecuteAsync(sql.InsertRequest, m);
            await uow.ExecuteAsync(sql.MarkRouted, m);
            await uow.AppendToReport(sql, m.ReportId, m.IssuedAt, TimelineEvent.ReportRouted, Actors.Routing,
                $"to {m.PlatformName}", TimelineEvent.ReportRouted);
            await uow.AppendToReport(sql, m.ReportId, m.IssuedAt, TimelineEvent.RequestIssued, Actors.Routing,
                $"{m.Reference} ({m.LegalBasis}): acknowledge by {m.AcknowledgeBy.Iso()}, act by {m.ActBy.Iso()}",
                $"{TimelineEvent.RequestIssued}:{m.RequestId}");
        });
}

public sealed class ReportDuplicateConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<ReportDuplicate>
{
    public Task Consume(ConsumeContext<ReportDuplicate> context) =>
        database.HandleOnceAsync(context, nameof(ReportDuplicateConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            await uow.ExecuteAsync(database.Sql.MarkDuplicate, m);
            await uow.AppendToReport(database.Sql, m.ReportId, m.DecidedAt, TimelineEvent.DuplicateLinked, Actors.Routing,
                $"same content as report {m.DuplicateOf}, whose request is open", TimelineEvent.DuplicateLinked);
        });
}

public sealed class ReportForwardedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<ReportForwarded>
{
    public Task Consume(ConsumeContext<ReportForwarded> context) =>
        database.HandleOnceAsync(context, nameof(ReportForwardedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            await uow.ExecuteAsync(database.Sql.MarkForwarded, m);
            await uow.AppendToReport(database.Sql, m.ReportId, m.DecidedAt, TimelineEvent.ReportForwarded, Actors.Routing,
                $"to {m.ForwardedTo} ({m.Reason})", TimelineEvent.ReportForwarded);
        });
}

public static class Actors
{
    public const string Routing = "system:routing";
    public const string Escalation = "system:escalation";
}
