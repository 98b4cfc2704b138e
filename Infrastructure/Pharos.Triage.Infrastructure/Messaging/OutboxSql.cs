namespace Pharos.Triage.Infrastructure.Messaging;

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
            Claim = """
                WITH batch AS (
                    SELECT TOP (@BatchSize) id, message_id, message_type, body, locked_until
                    FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE sent_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
                    ORDER BY id)
                UPDATE batch SET locked_until = @LockedUntil
                OUTPUT inserted.id AS Id, inserted.message_id AS MessageId, inserted.message_type AS MessageType, inserted.body AS Body, inserted.attempts AS Attempts;
                """;
            OldestUnsent = "SELECT TOP (1) created_at FROM outbox WHERE sent_at IS NULL ORDER BY id;";
            PurgeSent = "DELETE TOP (5000) FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @Before;";
            PurgeInbox = "DELETE TOP (5000) FROM inbox WHERE handled_at < @Before;";
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
                RETURNING id AS Id, message_id AS MessageId, message_type AS MessageType, body AS Body, attempts AS Attempts;
                """;
            OldestUnsent = "SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1;";
            PurgeSent = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @Before LIMIT 5000);";
            PurgeInbox = "DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox WHERE handled_at < @Before LIMIT 5000);";
        }
    }

    public string Enqueue { get; } = """
        INSERT INTO outbox (message_id, message_type, body, created_at)
        VALUES (@MessageId, @MessageType, @Body, @CreatedAt);
        """;

    public string RecordHandled { get; }

    public string Claim { get; }

    public string MarkSent { get; } = "UPDATE outbox SET sent_at = @SentAt, locked_until = NULL WHERE id IN @Ids;";

    public string MarkFailed { get; } = """
        UPDATE outbox SET attempts = attempts + 1, last_error = @Error, locked_until = @RetryAt WHERE id = @Id;
        """;

    /// <summary>Marks recently sent rows unsent again, for a bus that forgets what it held when the process died.</summary>
    public string Replay { get; } = "UPDATE outbox SET sent_at = NULL, locked_until = NULL WHERE sent_at IS NOT NULL AND sent_at >= @Since;";

    public string CountUnsent { get; } = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL;";

    /// <summary>When the oldest message still waiting to leave was written (ids follow creation), or NULL.</summary>
    public string OldestUnsent { get; }

    public string PurgeSent { get; }

    public string PurgeInbox { get; }
}
