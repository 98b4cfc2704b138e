using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Intake.Data;

/// <summary>Appends lifecycle events to report timelines. Each fact has a key, so a redelivery appends nothing.</summary>
public static class Timeline
{
    public static Task AppendToReport(this UnitOfWork uow, IntakeSql sql, string reportId, DateTimeOffset at, string @event, string actor, string? detail, string eventKey) =>
        uow.ExecuteAsync(sql.AppendToReport, new { ReportId = reportId, At = at, Event = @event, Actor = actor, Detail = detail, EventKey = eventKey });

    /// <summary>Appends to every report that shares the request.</summary>
    public static Task AppendToRequest(this UnitOfWork uow, IntakeSql sql, string requestId, DateTimeOffset at, string @event, string actor, string? detail, string eventKey) =>
        uow.ExecuteAsync(sql.AppendToRequestReports, new { RequestId = requestId, At = at, Event = @event, Actor = actor, Detail = detail, EventKey = eventKey });

    /// <summary>Fails (to be retried) when the request's issue has not reached Intake yet.</summary>
    public static async Task RequireRequest(this UnitOfWork uow, IntakeSql sql, string requestId)
    {
        if (await uow.ExecuteScalarAsync<long>(sql.RequestExists, new { RequestId = requestId }) == 0)
            throw new Infrastructure.Outbox.NotYetKnownException($"Request {requestId}");
    }

    /// <summary>Where the request's questions stand, locked; waits (by retry) for its issue to arrive first.</summary>
    public static async Task<RequestQuestionState> RequireQuestionState(this UnitOfWork uow, IntakeSql sql, string requestId) =>
        await uow.QuerySingleOrDefaultAsync<RequestQuestionState>(sql.SelectQuestionState, new { RequestId = requestId })
        ?? throw new Infrastructure.Outbox.NotYetKnownException($"Request {requestId}");

    /// <summary>
    /// One step of the escalation ladder: the request's deadline state moves forward (never back) and
    /// the step joins the timeline of every report it serves.
    /// </summary>
    public static async Task ProjectLadderStep(this UnitOfWork uow, IntakeSql sql, string requestId, string? sla,
        DateTimeOffset at, string @event, string? detail, string eventKey)
    {
        await uow.RequireRequest(sql, requestId);
        if (sla is not null) await uow.ExecuteAsync(sql.AdvanceSla, new { RequestId = requestId, Sla = sla });
        await uow.AppendToRequest(sql, requestId, at, @event, Consumers.Actors.Escalation, detail, eventKey);
    }
}
