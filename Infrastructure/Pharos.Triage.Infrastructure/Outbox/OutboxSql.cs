namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>The outbox and inbox statements, in both dialects.</summary>
public sealed class OutboxSql
{
    public static readonly OutboxSql Sqlite = new(sqlServer: false);
    public static readonly OutboxSql SqlServer = new(sqlServer: true);

    private OutboxSql(bool sqlServer)
    {
        if (sqlServer)
        {
            RecordHandled = """
                INSERT INTO inbox (message_id, consumer, handled_at)
                SELECT @MessageId, @Consumer, @HandledAt
                WHERE NOT EXISTS (SELECT 1 FROM inbox WITH (UPDLOCK, HOLDLOCK) WHERE message_id = @MessageId AND consumer = @Consumer);
                """;
            // READPAST lets several dispatchers share the outbox, each claiming rows the others have not locked.
            // OUTPUT inserted.* sees only the columns the CTE selects: every column returned is selected.
            Claim = """
                WITH batch AS (
                    SELECT TOP (@BatchSize) id, message_id, message_type, body, attempts, sends, created_at, locked_until, trace_parent, trace_state
                    FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE sent_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
                    ORDER BY id)
                UPDATE batch SET locked_until = @LockedUntil
                OUTPUT inserted.id AS Id, inserted.message_id AS MessageId, inserted.message_type AS MessageType, inserted.body AS Body, inserted.attempts AS Attempts,
                       inserted.sends AS Sends, inserted.created_at AS CreatedAt, inserted.trace_parent AS TraceParent, inserted.trace_state AS TraceState;
                """;
            OldestUnsent = "SELECT TOP (1) created_at FROM outbox WHERE sent_at IS NULL AND unsendable = 0 ORDER BY id;";
            OldestUnsendable = """
                SELECT TOP (1) id AS Id, message_type AS MessageType, created_at AS CreatedAt, last_error AS LastError
                FROM outbox WHERE unsendable = 1 ORDER BY id;
                """;
            Rearm = "UPDATE TOP (@Limit) outbox SET sent_at = NULL, resend_at = NULL WHERE resend_at <= @Now;";
            PurgeSent = "DELETE TOP (@Limit) FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @Before AND resend_at IS NULL;";
            PurgeInbox = "DELETE TOP (@Limit) FROM inbox WHERE handled_at < @Before;";
        }
        else
        {
            RecordHandled = "INSERT OR IGNORE INTO inbox (message_id, consumer, handled_at) VALUES (@MessageId, @Consumer, @HandledAt);";
            Claim = """
                UPDATE outbox SET locked_until = @LockedUntil
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE sent_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
                    ORDER BY id LIMIT @BatchSize)
                RETURNING id AS Id, message_id AS MessageId, message_type AS MessageType, body AS Body, attempts AS Attempts,
                          sends AS Sends, created_at AS CreatedAt, trace_parent AS TraceParent, trace_state AS TraceState;
                """;
            OldestUnsent = "SELECT created_at FROM outbox WHERE sent_at IS NULL AND unsendable = 0 ORDER BY id LIMIT 1;";
            OldestUnsendable = """
                SELECT id AS Id, message_type AS MessageType, created_at AS CreatedAt, last_error AS LastError
                FROM outbox WHERE unsendable = 1 ORDER BY id LIMIT 1;
                """;
            Rearm = """
                UPDATE outbox SET sent_at = NULL, resend_at = NULL
                WHERE id IN (SELECT id FROM outbox WHERE resend_at <= @Now ORDER BY resend_at LIMIT @Limit);
                """;
            PurgeSent = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @Before AND resend_at IS NULL LIMIT @Limit);";
            PurgeInbox = "DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox WHERE handled_at < @Before LIMIT @Limit);";
        }
    }

    /// <summary>
    /// Writes a row; <c>@Awaiting</c> names the consumers that must take it ('|a|b|'), or is NULL when none is known;
    /// <c>@TraceParent</c> and <c>@TraceState</c> are the trace context of the work that wrote it, or NULL.
    /// </summary>
    public string Enqueue { get; } = """
        INSERT INTO outbox (message_id, message_type, body, created_at, awaiting, trace_parent, trace_state)
        VALUES (@MessageId, @MessageType, @Body, @CreatedAt, @Awaiting, @TraceParent, @TraceState);
        """;

    public string RecordHandled { get; }

    public string Claim { get; }

    /// <summary>
    /// Marks rows the bus took. A row some consumer has yet to take (its receipt may also simply be on its way) is
    /// due to go again at <c>@ResendAt</c>; a row all have taken, or with no consumer known, is done.
    /// </summary>
    public string MarkSent { get; } = """
        UPDATE outbox SET sent_at = @SentAt, locked_until = NULL, sends = sends + 1, unsendable = 0,
            resend_at = CASE WHEN awaiting IS NULL OR awaiting = '|' THEN NULL ELSE @ResendAt END
        WHERE id IN @Ids;
        """;

    public string MarkFailed { get; } = """
        UPDATE outbox SET attempts = attempts + 1, last_error = @Error, locked_until = @RetryAt WHERE id = @Id;
        """;

    /// <summary>A row that cannot be made into a message: tried again now and then (a fix may be deployed), never waited for.</summary>
    public string MarkUnsendable { get; } = """
        UPDATE outbox SET attempts = attempts + 1, last_error = @Error, locked_until = @RetryAt, unsendable = 1 WHERE id = @Id;
        """;

    /// <summary>
    /// A delivery receipt: <c>@Token</c> ('|consumer|') took the rows of <c>@MessageIds</c>. Idempotent, so a receipt
    /// received twice changes nothing; the last consumer to take a row ends its resends.
    /// </summary>
    public string MarkTaken { get; } = """
        UPDATE outbox SET awaiting = REPLACE(awaiting, @Token, '|'),
            resend_at = CASE WHEN REPLACE(awaiting, @Token, '|') = '|' THEN NULL ELSE resend_at END
        WHERE message_id IN @MessageIds AND awaiting IS NOT NULL;
        """;

    /// <summary>Rows whose resend is due become unsent again (at most <c>@Limit</c>), for the dispatcher to claim.</summary>
    public string Rearm { get; }

    /// <summary>The oldest row that could not be made into a message, if any.</summary>
    public string OldestUnsendable { get; }

    /// <summary>For <see cref="OutboxStatus"/>: the rows waiting to leave, and those that cannot be made into a message.</summary>
    public string CountBacklog { get; } = """
        SELECT COUNT(CASE WHEN unsendable = 0 THEN 1 END) AS Unsent, COUNT(CASE WHEN unsendable = 1 THEN 1 END) AS Unsendable
        FROM outbox WHERE sent_at IS NULL;
        """;

    /// <summary>
    /// When the oldest message still waiting to leave was written (ids follow creation), or NULL. A row that cannot
    /// be sent at all is not waiting: it shows in readiness instead, and holds nothing back.
    /// </summary>
    public string OldestUnsent { get; }

    /// <summary>Deletes at most <c>@Limit</c> rows sent before <c>@Before</c> and taken by every consumer.</summary>
    public string PurgeSent { get; }

    /// <summary>Deletes at most <c>@Limit</c> inbox records older than <c>@Before</c>.</summary>
    public string PurgeInbox { get; }
}
