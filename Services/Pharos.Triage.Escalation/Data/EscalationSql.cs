namespace Pharos.Triage.Escalation.Data;

/// <summary>Every statement Escalation runs, in both dialects where they differ.</summary>
public sealed class EscalationSql(bool sqlServer)
{
    public string StartClock { get; } = """
        INSERT INTO deadline_clocks (request_id, platform_id, category, legal_basis, issued_at, acknowledge_by, act_by, sla)
        SELECT @RequestId, @PlatformId, @Category, @LegalBasis, @IssuedAt, @AcknowledgeBy, @ActBy, 'on_time'
        WHERE NOT EXISTS (SELECT 1 FROM deadline_clocks WHERE request_id = @RequestId);
        """;

    public string SelectClock { get; } = $"""
        SELECT request_id AS RequestId, platform_id AS PlatformId, acknowledge_by AS AcknowledgeBy, act_by AS ActBy,
               acknowledged_at AS AcknowledgedAt, paused_at AS PausedAt, paused_ms AS PausedMs, acted_at AS ActedAt,
               closed_at AS ClosedAt, sla AS Sla
        FROM deadline_clocks{(sqlServer ? " WITH (UPDLOCK, ROWLOCK)" : "")} WHERE request_id = @RequestId;
        """;

    public string RecordAcknowledged { get; } = """
        UPDATE deadline_clocks SET acknowledged_at = COALESCE(acknowledged_at, @AcknowledgedAt) WHERE request_id = @RequestId;
        """;

    public string Pause { get; } = """
        UPDATE deadline_clocks SET paused_at = @RequestedAt, acknowledged_at = COALESCE(acknowledged_at, @RequestedAt)
        WHERE request_id = @RequestId AND closed_at IS NULL;
        """;

    public string Resume { get; } = """
        UPDATE deadline_clocks SET paused_at = NULL, paused_ms = paused_ms + @PausedMs,
                                   acknowledge_by = @AcknowledgeBy, act_by = @ActBy
        WHERE request_id = @RequestId AND paused_at IS NOT NULL AND closed_at IS NULL;
        """;

    public string Close { get; } = """
        UPDATE deadline_clocks SET paused_ms = paused_ms + CASE WHEN paused_at IS NULL THEN 0 ELSE @ClosedAt - paused_at END,
                                   paused_at = NULL, outcome = @Outcome, acted_at = @ActedAt, closed_at = @ClosedAt,
                                   acknowledged_at = COALESCE(acknowledged_at, @AcknowledgedAt),
                                   acknowledge_by = @AcknowledgeBy, act_by = @ActBy, sla = @Sla
        WHERE request_id = @RequestId AND closed_at IS NULL;
        """;
}
