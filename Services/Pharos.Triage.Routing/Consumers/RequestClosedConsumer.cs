using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Routing.Consumers;

/// <summary>A closed request no longer carries its URL: the next report of it opens a new request.</summary>
public sealed class RequestClosedConsumer(RoutingDatabase database, TimeProvider clock) : IConsumer<RequestClosed>
{
    public Task Consume(ConsumeContext<RequestClosed> context) =>
        database.HandleOnceAsync(context, nameof(RequestClosedConsumer), clock, (uow, _) =>
            uow.ExecuteAsync(database.Sql.DeleteOpenRequest, new { context.Message.RequestId }));
}
