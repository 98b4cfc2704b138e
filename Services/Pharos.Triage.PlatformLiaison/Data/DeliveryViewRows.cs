namespace Pharos.Triage.PlatformLiaison.Data;

/// <summary>A webhook delivery as its platform lists it (<see cref="LiaisonSql.ListOwnDeliveries"/>).</summary>
public sealed class DeliveryListRow
{
    public string Id { get; set; } = "";
    public string Event { get; set; } = "";
    public string? RequestId { get; set; }
    public string? Reference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = "";
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? AbandonedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One recorded HTTP attempt of a delivery (<see cref="LiaisonSql.SelectAttempts"/>).</summary>
public sealed class AttemptRow
{
    public string DeliveryId { get; set; } = "";
    public int Dispatch { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset At { get; set; }
    public long DurationMs { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
}
