namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>Bound from <c>Pharos:Outbox</c>: how the dispatcher sends, resends and purges.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Pharos:Outbox";

    /// <summary>How long to wait for new rows when nothing woke the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed row stays reserved for the dispatcher that claimed it.</summary>
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one publish may wait for the bus. While a broker restarts, a publish can wait for a connection
    /// that never comes back to it; without this bound the dispatcher waited with it, and its rows stayed unsent
    /// for good. Shorter than <see cref="ClaimFor"/>, so that a row is not claimed again while its publish runs.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after a send a row some consumer has not yet receipted goes again: a copy may have been lost (an
    /// in-memory bus that died, a broker's lost disk, a receipt lost). Doubles at each send, up to <see cref="ResendMaxWait"/>.
    /// </summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ResendMaxWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// On start, every row not yet receipted by all its consumers goes again at once, without waiting for its resend.
    /// Set for the in-memory bus, which held nothing across the restart; a broker keeps what it had.
    /// </summary>
    public bool ResendUnreceiptedOnStart { get; set; }

    /// <summary>How often the dispatcher looks for rows whose resend is due.</summary>
    public TimeSpan ResendCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a process gathers receipts before it publishes them as one message.</summary>
    public TimeSpan ReceiptWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often sent rows and inbox records past their keep are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rows deleted (or made due again for a resend) per transaction. A purge deletes batch after batch until nothing
    /// old is left, each batch its own short transaction, so that it keeps up with any rate without holding the
    /// (SQLite: single) writer for long.
    /// </summary>
    public int PurgeBatch { get; set; } = 1000;

    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How old the oldest message waiting to leave may be before readiness reports the service degraded
    /// (<see cref="OutboxDelayHealthCheck"/>); the dispatcher sends within a second when the bus takes messages.
    /// </summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan KeepInbox { get; set; } = TimeSpan.FromDays(7);
}
