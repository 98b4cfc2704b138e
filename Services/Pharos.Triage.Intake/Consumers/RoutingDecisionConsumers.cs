using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;
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
            // Linked to a request that a stricter one has replaced since: the report shows the one now open.
            for (var step = 0; step < LegalBasis.ByStrictness.Count; step++)
                if (await uow.ExecuteAsync(database.Sql.FollowSupersession, new { m.ReportId }) == 0) break;
            await uow.AppendToReport(database.Sql, m.ReportId, m.DecidedAt, TimelineEvent.DuplicateLinked, Actors.Routing,
                $"same content as report {m.DuplicateOf}, whose request is open", TimelineEvent.DuplicateLinked);
        });
}

/// <summary>
/// A stricter report replaced the open request of its content: that request shows closed as superseded,
/// and every report that showed it now shows the new one, their timelines saying so. Waits (by retry)
/// for both requests' issue to reach Intake.
/// </summary>
public sealed class RequestSupersededConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestSuperseded>
{
    public Task Consume(ConsumeContext<RequestSuperseded> context) =>
        database.HandleOnceAsync(context, nameof(RequestSupersededConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            var sql = database.Sql;
            await uow.RequireRequest(sql, m.RequestId);
            await uow.RequireRequest(sql, m.SupersededBy);
            var reference = await uow.ExecuteScalarAsync<string>(sql.SelectReference, new { m.RequestId });

            await uow.ExecuteAsync(sql.MarkSuperseded, m);
            // Keyed by request: a report may later see the new request closed too.
            await uow.AppendToRequest(sql, m.RequestId, m.At, TimelineEvent.RequestClosed, Actors.Routing,
                $"{Outcome.Superseded} by {m.SupersededByReference} ({m.LegalBasis}), a stricter request for the same content",
                $"{TimelineEvent.RequestClosed}:{m.RequestId}");
            await uow.ExecuteAsync(sql.MoveReportsToRequest, m);
            // The report the new request was issued for has this entry already (same key).
            await uow.AppendToRequest(sql, m.SupersededBy, m.At, TimelineEvent.RequestIssued, Actors.Routing,
                $"{m.SupersededByReference} ({m.LegalBasis}) replaces {reference}", $"{TimelineEvent.RequestIssued}:{m.SupersededBy}");
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
