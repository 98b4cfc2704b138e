using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Decisions;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Routing.Consumers;

/// <summary>Decides where a filed report goes, and issues the request when a platform takes it.</summary>
public sealed class ReportFiledConsumer(RoutingDatabase database, PlatformCatalogue catalogue, DeadlinePolicies policies, TimeProvider clock)
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
                return;
            }

            OpenRequest? open = null;
            if (UrlNormalizer.TryNormalize(report.Url, out var normalized, out _))
                open = await uow.QuerySingleOrDefaultAsync<OpenRequest>(sql.SelectOpenRequest, new { UrlHash = UrlHash.Of(normalized) });

            var decision = RoutingDecision.Decide(report, catalogue, policies, open, now);
            var (message, platformId, requestId) = decision switch
            {
                RoutingDecision.Issue issue => await IssueAsync(uow, report, issue, now),
                RoutingDecision.Duplicate duplicate => (new ReportDuplicate(report.ReportId, duplicate.Open.ReportId,
                    duplicate.Open.RequestId, duplicate.NormalizedUrl, now), null, duplicate.Open.RequestId),
                RoutingDecision.Forward forward => ((object)new ReportForwarded(report.ReportId, forward.NormalizedUrl,
                    forward.To, forward.Reason, now), null, null),
                _ => throw new InvalidOperationException($"Unknown decision {decision}"),
            };

            var (messageType, body) = await uow.Publish(message, now);
            await uow.ExecuteAsync(sql.InsertDecision, new
            {
                report.ReportId,
                Decision = decision.GetType().Name.ToLowerInvariant(),
                decision.NormalizedUrl,
                PlatformId = platformId,
                RequestId = requestId,
                MessageType = messageType,
                MessageBody = body,
                DecidedAt = now,
            });
        });

    private async Task<(object, string?, string?)> IssueAsync(UnitOfWork uow, ReportFiled report, RoutingDecision.Issue issue, DateTimeOffset now)
    {
        var requestId = Guid.CreateVersion7(now).ToString();
        var reference = await NextReferenceAsync(uow, now.Year);
        await uow.ExecuteAsync(database.Sql.InsertOpenRequest, new
        {
            UrlHash = UrlHash.Of(issue.NormalizedUrl),
            issue.NormalizedUrl,
            RequestId = requestId,
            report.ReportId,
            PlatformId = issue.Platform.Id,
            IssuedAt = now,
        });
        var issued = new RequestIssued(requestId, reference, report.ReportId, issue.Platform.Id, issue.Platform.Name,
            report.Url, issue.NormalizedUrl, report.Category, issue.Policy.LegalBasis, report.Description,
            report.EvidenceSha256, now, issue.Deadlines.AcknowledgeBy, issue.Deadlines.ActBy, issue.Deadlines.UnansweredAt,
            issue.Deadlines.AcknowledgeReminderAt, issue.Deadlines.ActReminderAt);
        return (issued, issue.Platform.Id, requestId);
    }

    private async Task<string> NextReferenceAsync(UnitOfWork uow, int year)
    {
        var next = await uow.ExecuteScalarAsync<long?>(database.Sql.NextReference, new { Year = year });
        if (next is null)
        {
            await uow.ExecuteAsync(database.Sql.StartReferenceYear, new { Year = year });
            next = 1;
        }
        return $"PHR-{year}-{next:000000}";
    }

    private sealed class StoredDecision
    {
        public string MessageType { get; set; } = "";
        public string MessageBody { get; set; } = "";
    }
}
