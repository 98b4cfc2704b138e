using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A request issued by Routing becomes visible to its platform.</summary>
public sealed class RequestIssuedConsumer(LiaisonDatabase database, TimeProvider clock) : IConsumer<RequestIssued>
{
    public Task Consume(ConsumeContext<RequestIssued> context) =>
        database.HandleOnceAsync(context, nameof(RequestIssuedConsumer), clock, (uow, _) =>
            uow.ExecuteAsync(database.Sql.InsertIssued, context.Message));
}
