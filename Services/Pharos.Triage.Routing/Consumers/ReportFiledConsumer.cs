using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Decisions;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Routing.Consumers;

/// <summary>Decides where a filed report goes, and issues the request when a platform takes it.</summary>
public sealed class ReportFiledConsumer(RoutingDatabase database, LiveCatalogue catalogue, DeadlinePolicies policies, TimeProvider clock)
    : IConsumer<ReportFiled>
{
    public Task Consume(ConsumeContext<ReportFiled> context) =>
        database.HandleOnceAsync(context, nameof(ReportFiledConsumer), clock, async (uow, now) =>
        {
            var report = context.Message;
            var sql = database.Sql;

            // Filed again by the re-drive: answer as the first time, never a second request.
            var earlier = await uow.QuerySingleOrDefaultAsync<StoredDecision>(sql.SelectDecision, new { report.ReportId });
            if (earlier is not null)
            {
                await uow.PublishStored(earlier.MessageType, earlier.MessageBody, now);
                if (earlier.SupersededBody is not null)
                    await uow.PublishStored(MessageTypes.NameOf(typeof(RequestSuperseded)), earlier.SupersededBody, now);
                return;
            }

            var url = NormalizedUrl.Of(report.Url);
            var open = url is null ? null
                : await uow.QuerySingleOrDefaultAsync<OpenRequest>(sql.SelectOpenRequest, new { UrlHash = UrlHash.Of(url.Value) });

            // The catalogue as this transaction sees it: a platform changed through another instance routes this report.
            var platforms = await catalogue.CurrentAsync(uow);
            var decision = RoutingDecision.Decide(report, url, platforms, policies, open, now);
            var (message, platformId, requestId) = decision switch
            {
                RoutingDecision.Issue issue => await IssueAsync(uow, report, issue, now),
                RoutingDecision.Supersede supersede => await SupersedeAsync(uow, report, supersede, now),
                RoutingDecision.Duplicate duplicate => (new ReportDuplicate(report.ReportId, duplicate.Open.ReportId,
                    duplicate.Open.RequestId, duplicate.NormalizedUrl, now), null, duplicate.Open.RequestId),
                RoutingDecision.Forward forward => ((object)new ReportForwarded(report.ReportId, forward.NormalizedUrl,
                    forward.To, forward.Reason, now), null, null),
                _ => throw new InvalidOperationException($"Unknown decision {decision}"),
            };

            var (messageType, body) = await uow.Publish(message, now);
            // Kept with the decision, so that a re-drive announces the supersession again with the new request.
            string? supersededBody = null;
            if (decision is RoutingDecision.Supersede { Replaced: var replaced } && message is RequestIssued issued)
                (_, supersededBody) = await uow.Publish(new RequestSuperseded(replaced.RequestId, replaced.PlatformId, issued.RequestId,
                    issued.Reference, issued.LegalBasis, now), now);
            await uow.ExecuteAsync(sql.InsertDecision, new
            {
                report.ReportId,
                Decision = decision.GetType().Name.ToLowerInvariant(),
                decision.NormalizedUrl,
                PlatformId = platformId,
                RequestId = requestId,
                MessageType = messageType,
                MessageBody = body,
                SupersededBody = supersededBody,
                DecidedAt = now,
            });
        });

    private async Task<(object, string?, string?)> IssueAsync(UnitOfWork uow, ReportFiled report, RoutingDecision.Issue issue, DateTimeOffset now)
    {
        var issued = await NewRequestAsync(uow, report, issue.NormalizedUrl, issue.Platform, issue.Policy, issue.Deadlines, now);
        await uow.ExecuteAsync(database.Sql.InsertOpenRequest, OpenRequestRow(issued));
        return (issued, issue.Platform.Id, issued.RequestId);
    }

    /// <summary>
    /// Asks again under the stricter basis: the new request takes the laxer one's place in the dedup index,
    /// in this transaction, so later reports follow the new one. The caller announces the supersession.
    /// </summary>
    private async Task<(object, string?, string?)> SupersedeAsync(UnitOfWork uow, ReportFiled report, RoutingDecision.Supersede supersede, DateTimeOffset now)
    {
        var issued = await NewRequestAsync(uow, report, supersede.NormalizedUrl, supersede.Platform, supersede.Policy,
            supersede.Deadlines, now);
        var replaced = await uow.ExecuteAsync(database.Sql.ReplaceOpenRequest, OpenRequestRow(issued, supersede.Replaced.RequestId));
        if (replaced != 1) throw new InvalidOperationException($"Open request {supersede.Replaced.RequestId} changed while it was superseded.");
        return (issued, supersede.Platform.Id, issued.RequestId);
    }

    private async Task<RequestIssued> NewRequestAsync(UnitOfWork uow, ReportFiled report, string normalizedUrl, Platform platform,
        DeadlinePolicy policy, RequestDeadlines deadlines, DateTimeOffset now)
    {
        var requestId = Guid.CreateVersion7(now).ToString();
        var reference = await NextReferenceAsync(uow, now.Year);
        return new RequestIssued(requestId, reference, report.ReportId, platform.Id, platform.Name,
            report.Url, normalizedUrl, report.Category, policy.LegalBasis, report.Description,
            report.EvidenceSha256, now, deadlines.AcknowledgeBy, deadlines.ActBy, deadlines.UnansweredAt,
            deadlines.AcknowledgeReminderAt, deadlines.ActReminderAt);
    }

    private static object OpenRequestRow(RequestIssued issued, string? replaced = null) => new
    {
        UrlHash = UrlHash.Of(issued.NormalizedUrl),
        issued.NormalizedUrl,
        issued.RequestId,
        issued.ReportId,
        issued.PlatformId,
        issued.LegalBasis,
        issued.IssuedAt,
        Replaced = replaced,
    };

    private async Task<string> NextReferenceAsync(UnitOfWork uow, int year)
    {
        var next = await uow.ExecuteScalarAsync<long?>(database.Sql.NextReference, new { Year = year });
        if (next is null)
        {
            await uow.ExecuteAsync(database.Sql.StartReferenceYear, new { Year = year });
            next = 1;
        }
        return RequestReference.Format(year, next.Value);
    }

    private sealed class StoredDecision
    {
        public string MessageType { get; set; } = "";
        public string MessageBody { get; set; } = "";
        public string? SupersededBody { get; set; }
    }
}
