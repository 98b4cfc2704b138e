namespace Pharos.Triage.PlatformLiaison.Data;

/// <summary>Every statement PlatformLiaison runs, in both dialects where they differ.</summary>
public sealed class LiaisonSql(bool sqlServer)
{
    private const string Columns = """
        id AS Id, reference AS Reference, report_id AS ReportId, platform_id AS PlatformId, url AS Url,
        normalized_url AS NormalizedUrl, category AS Category, legal_basis AS LegalBasis, reasons AS Reasons,
        evidence_sha256 AS EvidenceSha256, issued_at AS IssuedAt, acknowledge_by AS AcknowledgeBy, act_by AS ActBy,
        status AS Status, acknowledged_at AS AcknowledgedAt, outcome AS Outcome, outcome_reason AS OutcomeReason,
        platform_ticket AS PlatformTicket, acted_at AS ActedAt, closed_at AS ClosedAt,
        clarification_question AS ClarificationQuestion, clarification_requested_at AS ClarificationRequestedAt,
        clarification_answer AS ClarificationAnswer, paused_ms AS PausedMs
        """;

    public string InsertIssued { get; } = """
        INSERT INTO requests (id, reference, report_id, platform_id, url, normalized_url, category, legal_basis, reasons,
                              evidence_sha256, issued_at, acknowledge_by, act_by, status)
        SELECT @RequestId, @Reference, @ReportId, @PlatformId, @Url, @NormalizedUrl, @Category, @LegalBasis, @Reasons,
               @EvidenceSha256, @IssuedAt, @AcknowledgeBy, @ActBy, 'pending'
        WHERE NOT EXISTS (SELECT 1 FROM requests WHERE id = @RequestId);
        """;

    /// <summary>One request of one platform: another platform's request is not found.</summary>
    public string SelectOwn { get; } = $"SELECT {Columns} FROM requests WHERE id = @Id AND platform_id = @PlatformId;";

    /// <summary>The same, locking the row for the transition that follows.</summary>
    public string SelectOwnForUpdate { get; } = sqlServer
        ? $"SELECT {Columns} FROM requests WITH (UPDLOCK, ROWLOCK) WHERE id = @Id AND platform_id = @PlatformId;"
        : $"SELECT {Columns} FROM requests WHERE id = @Id AND platform_id = @PlatformId;";

    public string SelectForUpdate { get; } = sqlServer
        ? $"SELECT {Columns} FROM requests WITH (UPDLOCK, ROWLOCK) WHERE id = @Id;"
        : $"SELECT {Columns} FROM requests WHERE id = @Id;";

    /// <summary>A platform's requests, oldest deadline first, keyset-paged on (act_by, id).</summary>
    public string ListOwn { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}{Columns}
        FROM requests
        WHERE platform_id = @PlatformId
          AND (@Status IS NULL OR status = @Status)
          AND (@CursorKey IS NULL OR act_by > @CursorKey OR (act_by = @CursorKey AND id > @CursorId))
        ORDER BY act_by, id{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    public string UpdateState { get; } = """
        UPDATE requests SET status = @Status, acknowledge_by = @AcknowledgeBy, act_by = @ActBy,
            acknowledged_at = @AcknowledgedAt, outcome = @Outcome, outcome_reason = @OutcomeReason,
            platform_ticket = @PlatformTicket, acted_at = @ActedAt, closed_at = @ClosedAt,
            clarification_question = @ClarificationQuestion, clarification_requested_at = @ClarificationRequestedAt,
            clarification_answer = @ClarificationAnswer, paused_ms = @PausedMs
        WHERE id = @Id;
        """;
}
