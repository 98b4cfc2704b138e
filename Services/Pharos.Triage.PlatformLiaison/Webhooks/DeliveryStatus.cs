namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Where a delivery stands, as its platform lists it (<c>status</c>): each delivery has exactly one. It is kept in
/// <c>webhook_deliveries.status</c>: the claim and a redelivery make it pending, each completed dispatch decides it here.
/// </summary>
public static class DeliveryStatus
{
    /// <summary>Not yet dispatched, in flight, or due again now (a redelivery, a dispatch cut short by shutdown).</summary>
    public const string Pending = "pending";

    /// <summary>The last dispatch reached the receiver, which answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>The last dispatch failed: another is scheduled (<c>nextAttemptAt</c>), or the notice was abandoned (<c>abandonedAt</c>).</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed];

    /// <summary>What a completed dispatch leaves the delivery in.</summary>
    public static string After(DispatchOutcome outcome) => outcome.DeliveredAt is not null ? Delivered : Failed;
}
