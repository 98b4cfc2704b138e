using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Escalation.Sweeps;

/// <summary>The sweep's own reading of the open requests overdue and unanswered, for the metrics' gauges.</summary>
public static class OpenLateRequests
{
    private sealed class Counts
    {
        public long Overdue { get; set; }
        public long Unanswered { get; set; }
    }

    /// <summary>Counts them and hands the counts to the host's instruments.</summary>
    public static async Task ReadOpenLateAsync(this EscalationDatabase database, PharosMetrics metrics, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var counts = await Dapper.SqlMapper.QuerySingleAsync<Counts>(connection, database.Sql.CountOpenLate);
        metrics.OpenRequestsRead(counts.Overdue, counts.Unanswered);
    }
}
