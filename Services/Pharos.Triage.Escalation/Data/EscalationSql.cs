namespace Pharos.Triage.Escalation.Data;

/// <summary>Every statement Escalation runs, in both dialects where they differ.</summary>
public sealed class EscalationSql(bool sqlServer)
{
    private const string Columns = """
        request_id AS RequestId, platform_id AS PlatformId, category AS Category, legal_basis AS LegalBasis,
        issued_at AS IssuedAt, acknowledge_by AS AcknowledgeBy, act_by AS ActBy, remind_at AS RemindAt, grace_ms AS GraceMs,
        acknowledged_at AS AcknowledgedAt, paused_at AS PausedAt, paused_ms AS PausedMs, outcome AS Outcome,
        acted_at AS ActedAt, closed_at AS ClosedAt, sla AS Sla, reminded_at AS RemindedAt,
        acknowledge_overdue_at AS AcknowledgeOverdueAt, act_overdue_at AS ActOverdueAt, unanswered_at AS UnansweredAt,
        next_due_at AS NextDueAt
        """;

    public string StartClock { get; } = """
        INSERT INTO deadline_clocks (request_id, platform_id, category, legal_basis, issued_at, acknowledge_by, act_by,
                                     remind_at, grace_ms, sla, next_due_at)
        SELECT @RequestId, @PlatformId, @Category, @LegalBasis, @IssuedAt, @AcknowledgeBy, @ActBy,
               @RemindAt, @GraceMs, @Sla, @NextDueAt
        WHERE NOT EXISTS (SELECT 1 FROM deadline_clocks WHERE request_id = @RequestId);
        """;

    /// <summary>One clock, locked for the change that follows.</summary>
    public string SelectClock { get; } = $"""
        SELECT {Columns}
        FROM deadline_clocks{(sqlServer ? " WITH (UPDLOCK, ROWLOCK)" : "")} WHERE request_id = @RequestId;
        """;

    /// <summary>
    /// The clocks with a step due, oldest first, claimed for this sweep: READPAST lets a second sweeper
    /// take other rows instead of waiting on or repeating these.
    /// </summary>
    public string ClaimDue { get; } = sqlServer
        ? $"""
          SELECT TOP (@Limit) {Columns}
          FROM deadline_clocks WITH (UPDLOCK, READPAST, ROWLOCK)
          WHERE next_due_at <= @Now
          ORDER BY next_due_at;
          """
        : $"""
          SELECT {Columns}
          FROM deadline_clocks
          WHERE next_due_at IS NOT NULL AND next_due_at <= @Now
          ORDER BY next_due_at LIMIT @Limit;
          """;

    public string UpdateClock { get; } = """
        UPDATE deadline_clocks SET acknowledge_by = @AcknowledgeBy, act_by = @ActBy, remind_at = @RemindAt,
            acknowledged_at = @AcknowledgedAt, paused_at = @PausedAt, paused_ms = @PausedMs, outcome = @Outcome,
            acted_at = @ActedAt, closed_at = @ClosedAt, sla = @Sla, reminded_at = @RemindedAt,
            acknowledge_overdue_at = @AcknowledgeOverdueAt, act_overdue_at = @ActOverdueAt,
            unanswered_at = @UnansweredAt, next_due_at = @NextDueAt
        WHERE request_id = @RequestId;
        """;
}
