namespace Pharos.Triage.Intake.Data;

/// <summary>Every statement Intake runs, in both dialects where they differ.</summary>
public sealed class IntakeSql(bool sqlServer)
{
    private const string ReportColumns = """
        r.id AS Id, r.url AS Url, r.normalized_url AS NormalizedUrl, r.category AS Category, r.description AS Description,
        r.observed_at AS ObservedAt, r.evidence_sha256 AS EvidenceSha256, r.case_reference AS CaseReference, r.urgent AS Urgent,
        r.status AS Status, r.received_at AS ReceivedAt, r.filed_by AS FiledBy, r.duplicate_of AS DuplicateOf,
        r.forwarded_to AS ForwardedTo, COALESCE(r.platform_id, q.platform_id) AS PlatformId,
        COALESCE(r.platform_name, q.platform_name) AS PlatformName, r.request_id AS RequestId,
        q.id AS ProjectedRequestId, q.reference AS Reference, q.legal_basis AS LegalBasis, q.status AS RequestStatus, q.sla AS Sla,
        q.issued_at AS IssuedAt, q.acknowledge_by AS AcknowledgeBy, q.act_by AS ActBy, q.acknowledged_at AS AcknowledgedAt,
        q.outcome AS Outcome, q.closed_at AS ClosedAt
        """;

    public string InsertReport { get; } = """
        INSERT INTO reports (id, url, category, description, observed_at, evidence_sha256, case_reference, urgent,
                             status, received_at, filed_by, last_published_at, redrive_at)
        VALUES (@Id, @Url, @Category, @Description, @ObservedAt, @EvidenceSha256, @CaseReference, @Urgent,
                'received', @ReceivedAt, @FiledBy, @ReceivedAt, @ReceivedAt);
        """;

    public string SelectReport { get; } = $"""
        SELECT {ReportColumns}
        FROM reports r LEFT JOIN requests q ON q.id = r.request_id
        WHERE r.id = @Id;
        """;

    /// <summary>Newest first, keyset-paged on (received_at, id).</summary>
    public string ListReports { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}{ReportColumns}
        FROM reports r LEFT JOIN requests q ON q.id = r.request_id
        WHERE (@Status IS NULL OR r.status = @Status)
          AND (@Platform IS NULL OR COALESCE(r.platform_id, q.platform_id) = @Platform)
          AND (@Category IS NULL OR r.category = @Category)
          AND (@Sla IS NULL OR q.sla = @Sla)
          AND (@From IS NULL OR r.received_at >= @From)
          AND (@To IS NULL OR r.received_at < @To)
          AND (@CursorKey IS NULL OR r.received_at < @CursorKey OR (r.received_at = @CursorKey AND r.id < @CursorId))
        ORDER BY r.received_at DESC, r.id DESC{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    public string SelectTimeline { get; } = """
        SELECT at AS At, event AS Event, actor AS Actor, detail AS Detail
        FROM timeline WHERE report_id = @ReportId ORDER BY at, id;
        """;

    /// <summary>Appends one event to one report's timeline, once per event key.</summary>
    public string AppendToReport { get; } = """
        INSERT INTO timeline (report_id, at, event, actor, detail, event_key)
        SELECT @ReportId, @At, @Event, @Actor, @Detail, @EventKey
        WHERE NOT EXISTS (SELECT 1 FROM timeline WHERE report_id = @ReportId AND event_key = @EventKey);
        """;

    /// <summary>Appends one event to the timeline of every report linked to a request, once per event key.</summary>
    public string AppendToRequestReports { get; } = """
        INSERT INTO timeline (report_id, at, event, actor, detail, event_key)
        SELECT r.id, @At, @Event, @Actor, @Detail, @EventKey
        FROM reports r
        WHERE r.request_id = @RequestId
          AND NOT EXISTS (SELECT 1 FROM timeline t WHERE t.report_id = r.id AND t.event_key = @EventKey);
        """;

    public string MarkRouted { get; } = """
        UPDATE reports SET status = 'routed', normalized_url = @NormalizedUrl, platform_id = @PlatformId,
                           platform_name = @PlatformName, request_id = @RequestId
        WHERE id = @ReportId AND status = 'received';
        """;

    public string MarkDuplicate { get; } = """
        UPDATE reports SET status = 'duplicate', normalized_url = @NormalizedUrl, duplicate_of = @DuplicateOf, request_id = @RequestId
        WHERE id = @ReportId AND status = 'received';
        """;

    public string MarkForwarded { get; } = """
        UPDATE reports SET status = 'forwarded', normalized_url = @NormalizedUrl, forwarded_to = @ForwardedTo
        WHERE id = @ReportId AND status = 'received';
        """;

    public string ReportExists { get; } = "SELECT COUNT(*) FROM reports WHERE id = @ReportId;";

    public string InsertRequest { get; } = """
        INSERT INTO requests (id, reference, platform_id, platform_name, legal_basis, status, sla, issued_at, acknowledge_by, act_by)
        SELECT @RequestId, @Reference, @PlatformId, @PlatformName, @LegalBasis, 'pending', 'on_time', @IssuedAt, @AcknowledgeBy, @ActBy
        WHERE NOT EXISTS (SELECT 1 FROM requests WHERE id = @RequestId);
        """;

    public string RequestExists { get; } = "SELECT COUNT(*) FROM requests WHERE id = @RequestId;";

    // Projection updates are guarded so that an event arriving late never moves a request backwards.
    public string MarkAcknowledged { get; } = """
        UPDATE requests SET acknowledged_at = COALESCE(acknowledged_at, @AcknowledgedAt),
                            status = CASE WHEN status = 'pending' THEN 'acknowledged' ELSE status END
        WHERE id = @RequestId;
        """;

    /// <summary>Where a request's questions stand, locked for the pause or resume that follows.</summary>
    public string SelectQuestionState { get; } = $"""
        SELECT status AS Status, question AS Question
        FROM requests{(sqlServer ? " WITH (UPDLOCK, ROWLOCK)" : "")} WHERE id = @RequestId;
        """;

    /// <summary>Run only in question order (ClarificationOrder); an unnumbered question (0) keeps the number.</summary>
    public string MarkClarificationRequested { get; } = """
        UPDATE requests SET status = 'clarification_requested', acknowledged_at = COALESCE(acknowledged_at, @RequestedAt),
                            question = CASE WHEN @QuestionNumber > 0 THEN @QuestionNumber ELSE question END
        WHERE id = @RequestId AND status <> 'closed';
        """;

    public string MarkResumed { get; } = """
        UPDATE requests SET status = @Status, acknowledge_by = @AcknowledgeBy, act_by = @ActBy
        WHERE id = @RequestId AND status = 'clarification_requested';
        """;

    public string MarkClosed { get; } = """
        UPDATE requests SET status = 'closed', outcome = @Outcome, closed_at = @ClosedAt,
                            acknowledged_at = COALESCE(acknowledged_at, @AcknowledgedAt),
                            acknowledge_by = @AcknowledgeBy, act_by = @ActBy
        WHERE id = @RequestId;
        """;

    /// <summary>
    /// A stricter request replaced this one. A platform's own closing, recorded first, keeps its outcome;
    /// one that arrives after overwrites this (PlatformLiaison refuses the supersession of a closed request).
    /// </summary>
    public string MarkSuperseded { get; } = """
        UPDATE requests SET superseded_by = @SupersededBy, status = 'closed',
                            outcome = CASE WHEN status = 'closed' THEN outcome ELSE 'superseded' END,
                            closed_at = CASE WHEN status = 'closed' THEN closed_at ELSE @At END
        WHERE id = @RequestId;
        """;

    public string SelectReference { get; } = "SELECT reference FROM requests WHERE id = @RequestId;";

    /// <summary>Every report that showed the superseded request shows the new one.</summary>
    public string MoveReportsToRequest { get; } = "UPDATE reports SET request_id = @SupersededBy WHERE request_id = @RequestId;";

    /// <summary>A report linked to a request already superseded follows the request that replaced it (one step).</summary>
    public string FollowSupersession { get; } = """
        UPDATE reports SET request_id = (SELECT q.superseded_by FROM requests q WHERE q.id = reports.request_id)
        WHERE id = @ReportId
          AND request_id IN (SELECT q.id FROM requests q WHERE q.superseded_by IS NOT NULL);
        """;

    /// <summary>
    /// Moves the deadline state forward only (on_time, reminded, overdue, unanswered, then met or
    /// missed), so a step that arrives late never undoes a later one.
    /// </summary>
    public string AdvanceSla { get; } = $"""
        UPDATE requests SET sla = @Sla
        WHERE id = @RequestId AND {SlaRank("sla")} < {SlaRank("@Sla")};
        """;

    private static string SlaRank(string expression) =>
        $"(CASE {expression} WHEN 'on_time' THEN 0 WHEN 'reminded' THEN 1 WHEN 'overdue' THEN 2 WHEN 'unanswered' THEN 3 ELSE 4 END)";

    public string SelectRequestOfReport { get; } = """
        SELECT q.id AS RequestId, q.status AS Status, q.question AS Question
        FROM reports r JOIN requests q ON q.id = r.request_id
        WHERE r.id = @ReportId;
        """;

    /// <summary>Reports still <c>received</c> that were last published before @Before: filed again.</summary>
    public string SelectStuck { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}id AS Id, url AS Url, category AS Category, description AS Description,
               evidence_sha256 AS EvidenceSha256, urgent AS Urgent, received_at AS ReceivedAt, filed_by AS FiledBy,
               redrives AS Redrives
        FROM reports {(sqlServer ? "WITH (UPDLOCK, READPAST) " : "")}
        WHERE status = 'received' AND redrive_at <= @Before
        ORDER BY redrive_at{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    /// <summary>
    /// Restarts the wait of the reports whose last copy is still in the outbox (written since its oldest
    /// unsent row): a report's wait counts from when its copy left, not from when it was written.
    /// </summary>
    public string HoldUnsent { get; } = """
        UPDATE reports SET redrive_at = @Now
        WHERE status = 'received' AND redrive_at >= @OldestUnsent AND redrive_at < @Now;
        """;

    /// <summary>Records a report filed again; its next wait is counted from <c>@RedriveAt</c> (later than now, to back off).</summary>
    public string TouchRedriven { get; } = """
        UPDATE reports SET last_published_at = @At, redrives = redrives + 1, redrive_at = @RedriveAt WHERE id = @Id;
        """;

    /// <summary>The first answer given to a principal's Idempotency-Key, if any.</summary>
    public string SelectIdempotencyKey { get; } = """
        SELECT request_hash AS RequestHash, report_id AS ReportId, response_body AS ResponseBody
        FROM idempotency_keys
        WHERE principal = @Principal AND idempotency_key = @IdempotencyKey;
        """;

    /// <summary>Fails on the primary key when another filing with the same key committed first.</summary>
    public string InsertIdempotencyKey { get; } = """
        INSERT INTO idempotency_keys (principal, idempotency_key, request_hash, report_id, response_body, created_at)
        VALUES (@Principal, @IdempotencyKey, @RequestHash, @ReportId, @ResponseBody, @CreatedAt);
        """;

    /// <summary>Deletes up to @Limit keys created before @Before, skipping rows another transaction holds.</summary>
    public string PurgeIdempotencyKeys { get; } = sqlServer
        ? "DELETE TOP (@Limit) FROM idempotency_keys WITH (READPAST) WHERE created_at < @Before;"
        : """
          DELETE FROM idempotency_keys
          WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < @Before LIMIT @Limit);
          """;
}
