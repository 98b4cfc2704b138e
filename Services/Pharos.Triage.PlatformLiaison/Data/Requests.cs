using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.PlatformLiaison.Data;

public static class Requests
{
    /// <summary>The request a message is about, locked for the change that follows; fails (to be retried) before its issue arrives.</summary>
    public static Task<RequestRow> RequireRequest(this UnitOfWork uow, LiaisonDatabase database, string requestId) =>
        uow.RequireAsync<RequestRow>(database.Sql.SelectForUpdate, new { Id = requestId }, $"Request {requestId}");
}
