using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Data;

public static class Clocks
{
    /// <summary>The request's clock, locked for the change that follows; fails (to be retried) before its issue arrives.</summary>
    public static async Task<ClockRow> RequireClock(this UnitOfWork uow, EscalationDatabase database, string requestId) =>
        await uow.QuerySingleOrDefaultAsync<ClockRow>(database.Sql.SelectClock, new { RequestId = requestId })
        ?? throw new NotYetKnownException($"Request {requestId}");
}
