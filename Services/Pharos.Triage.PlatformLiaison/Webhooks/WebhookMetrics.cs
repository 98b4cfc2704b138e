using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>The <c>result</c> tag of a dispatch (<see cref="PharosMetrics.WebhookDispatches"/>).</summary>
public static class DispatchResult
{
    public static string Of(SendResult result) => result switch
    {
        SendResult.Delivered => WebhookResults.Delivered,
        SendResult.NoReceiver => WebhookResults.NoReceiver,
        _ => WebhookResults.Failed,
    };
}

/// <summary>Reads the notices waiting per platform for <see cref="PharosMetrics.WebhookBacklog"/>.</summary>
public sealed class WebhookBacklogSample(LiaisonDatabase database, PharosMetrics metrics) : IMetricsSample
{
    public string Name => "the webhook backlog";

    private sealed class Row
    {
        public string PlatformId { get; set; } = "";
        public long Waiting { get; set; }
    }

    public async Task SampleAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await Dapper.SqlMapper.QueryAsync<Row>(connection, database.Sql.CountWaitingDeliveries);
        metrics.WebhookBacklogRead(rows.ToDictionary(r => r.PlatformId, r => r.Waiting, StringComparer.Ordinal));
    }
}
