namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>Bound from <c>Pharos:Bus</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "Pharos:Bus";

    /// <summary>
    /// Waits between tries of a message that failed, in milliseconds: transient faults, and messages
    /// that overtook the one they follow (each consumer has its own queue, so a request's
    /// acknowledgement can arrive before its issue). After the last, the message goes to the _error queue.
    /// </summary>
    public int[] RetryIntervals { get; set; } = [];

    // Applied only when none are configured: the binder appends configured items to an array's defaults.
    private static readonly int[] DefaultRetryIntervals = [10, 50, 200, 500, 1000, 2000, 5000, 10000, 30000];

    public int[] Retries => RetryIntervals.Length == 0 ? DefaultRetryIntervals : RetryIntervals;

    /// <summary>
    /// RabbitMQ: deliveries of one message before the quorum queue dead-letters it. Only a message that
    /// kills the process each time it is handled gets there; any other failure ends in _error first.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>RabbitMQ: where quorum queues dead-letter, so that nothing is dropped silently.</summary>
    public string DeadLetterQueue { get; set; } = "pharos-dead-letter";
}
