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
        clarification_answer AS ClarificationAnswer, paused_ms AS PausedMs, refusal_ground AS RefusalGround, unanswered_at AS UnansweredAt,
        acknowledge_reminder_at AS AcknowledgeReminderAt, act_reminder_at AS ActReminderAt, question AS Question
        """;

    public string InsertIssued { get; } = """
        INSERT INTO requests (id, reference, report_id, platform_id, url, normalized_url, category, legal_basis, reasons,
                              evidence_sha256, issued_at, acknowledge_by, act_by, unanswered_at, acknowledge_reminder_at,
                              act_reminder_at, status)
        SELECT @RequestId, @Reference, @ReportId, @PlatformId, @Url, @NormalizedUrl, @Category, @LegalBasis, @Reasons,
               @EvidenceSha256, @IssuedAt, @AcknowledgeBy, @ActBy, @UnansweredAt, @AcknowledgeReminderAt,
               @ActReminderAt, 'pending'
        WHERE NOT EXISTS (SELECT 1 FROM requests WHERE id = @RequestId);
        """;

    /// <summary>One request of one platform: another platform's request is not found.</summary>
    public string SelectOwn { get; } = $"SELECT {Columns} FROM requests WHERE id = @Id AND platform_id = @PlatformId;";

    /// <summary>The same, locking the row for the transition that follows.</summary>
    public string SelectOwnForUpdate { get; } = sqlServer
        ? $"SELECT {Columns} FROM requests WITH (UPDLOCK, ROWLOCK) WHERE id = @Id AND platform_id = @PlatformId;"
        : $"SELECT {Columns} FROM requests WHERE id = @Id AND platform_id = @PlatformId;";

    public string SelectById { get; } = $"SELECT {Columns} FROM requests WHERE id = @Id;";

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
            unanswered_at = @UnansweredAt, acknowledge_reminder_at = @AcknowledgeReminderAt,
            act_reminder_at = @ActReminderAt, question = @Question,
            acknowledged_at = @AcknowledgedAt, outcome = @Outcome, outcome_reason = @OutcomeReason,
            platform_ticket = @PlatformTicket, acted_at = @ActedAt, closed_at = @ClosedAt,
            clarification_question = @ClarificationQuestion, clarification_requested_at = @ClarificationRequestedAt,
            clarification_answer = @ClarificationAnswer, paused_ms = @PausedMs, refusal_ground = @RefusalGround
        WHERE id = @Id;
        """;

    // Webhook deliveries (Webhooks/).

    /// <summary>
    /// A notice of one fact, once: a second message for the same (request, event, step) adds nothing. The filter of the
    /// unique index ux_webhook_deliveries_fact is repeated, so that SQL Server seeks it for a parameterised query.
    /// </summary>
    public string EnqueueDelivery { get; } = $"""
        INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at, next_attempt_at, trace_parent, trace_state)
        SELECT @Id, @RequestId, @PlatformId, @Event, @Step, @Body, @CreatedAt, @CreatedAt, @TraceParent, @TraceState
        WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries{(sqlServer ? " WITH (UPDLOCK, HOLDLOCK)" : "")}
                          WHERE request_id IS NOT NULL AND request_id = @RequestId AND event = @Event AND step = @Step);
        """;

    /// <summary>
    /// Leases due deliveries until <c>@LeaseUntil</c>, at most <c>@PerPlatform</c> of each platform and
    /// none of the platforms in <c>@Busy</c>, taking each platform's first in turn so that a platform with
    /// a backlog does not crowd out the others. READPAST lets several dispatchers share the table. A
    /// delivery in flight is pending (<see cref="Webhooks.DeliveryStatus"/>).
    /// </summary>
    public string ClaimDeliveries { get; } = sqlServer
        ? """
          -- The platforms with deliveries due or leased, one seek of ix_webhook_deliveries_platform_due each (a skip
          -- scan: a recursive member allows no TOP or MIN, so the next platform is the first row after the last one,
          -- which the optimizer reads as a TOP 1 seek). READPAST: a row another transaction is writing is skipped,
          -- not waited for. Then each platform's first @PerPlatform due ones, seeking the same index: only those
          -- take update locks, so a second dispatcher skips them and takes the next ones. The cost follows the
          -- platforms, not the backlog.
          WITH platforms (platform_id) AS (
              SELECT TOP (1) platform_id FROM webhook_deliveries WITH (READPAST)
              WHERE next_attempt_at IS NOT NULL ORDER BY platform_id
              UNION ALL
              SELECT following.platform_id
              FROM (SELECT d.platform_id, ROW_NUMBER() OVER (ORDER BY d.platform_id) AS n
                    FROM webhook_deliveries AS d WITH (READPAST)
                    INNER JOIN platforms AS p ON d.platform_id > p.platform_id
                    WHERE d.next_attempt_at IS NOT NULL) AS following
              WHERE following.n = 1),
          due AS (
              SELECT taken.id, taken.next_attempt_at,
                     ROW_NUMBER() OVER (PARTITION BY taken.platform_id ORDER BY taken.next_attempt_at, taken.id) AS turn
              FROM platforms AS p
              CROSS APPLY (
                  SELECT TOP (@PerPlatform) x.id, x.platform_id, x.next_attempt_at
                  FROM webhook_deliveries AS x WITH (UPDLOCK, READPAST, ROWLOCK)
                  WHERE x.platform_id = p.platform_id AND x.next_attempt_at IS NOT NULL AND x.next_attempt_at <= @Now
                  ORDER BY x.next_attempt_at, x.id) AS taken
              WHERE p.platform_id NOT IN @Busy),
          batch AS (
              SELECT TOP (@Limit) id FROM due ORDER BY turn, next_attempt_at)
          UPDATE d SET next_attempt_at = @LeaseUntil, status = 'pending'
          OUTPUT inserted.id AS Id, inserted.request_id AS RequestId, inserted.platform_id AS PlatformId,
                 inserted.event AS Event, inserted.body AS Body, inserted.dispatches AS Dispatches,
                 inserted.dispatches_at_redelivery AS DispatchesAtRedelivery, inserted.trace_parent AS TraceParent, inserted.trace_state AS TraceState
          FROM webhook_deliveries AS d INNER JOIN batch ON batch.id = d.id
          OPTION (MAXRECURSION 0);
          """
        : """
          UPDATE webhook_deliveries SET next_attempt_at = @LeaseUntil, status = 'pending'
          WHERE id IN (
              -- The platforms with deliveries due or leased, one index probe each; then each platform's first
              -- @PerPlatform due ones: the cost follows the platforms, not the backlog.
              WITH RECURSIVE platforms (platform_id) AS (
                  SELECT MIN(platform_id) FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL
                  UNION ALL
                  SELECT (SELECT MIN(d.platform_id) FROM webhook_deliveries d
                          WHERE d.next_attempt_at IS NOT NULL AND d.platform_id > platforms.platform_id)
                  FROM platforms WHERE platforms.platform_id IS NOT NULL)
              SELECT id FROM (
                  SELECT d.id, d.next_attempt_at, ROW_NUMBER() OVER (PARTITION BY d.platform_id ORDER BY d.next_attempt_at, d.id) AS turn
                  FROM platforms p
                  JOIN webhook_deliveries d ON d.id IN (
                      SELECT x.id FROM webhook_deliveries x
                      WHERE x.platform_id = p.platform_id AND x.next_attempt_at IS NOT NULL AND x.next_attempt_at <= @Now
                      ORDER BY x.next_attempt_at, x.id LIMIT @PerPlatform)
                  WHERE p.platform_id IS NOT NULL AND p.platform_id NOT IN @Busy) AS due
              ORDER BY turn, next_attempt_at
              LIMIT @Limit)
          RETURNING id AS Id, request_id AS RequestId, platform_id AS PlatformId, event AS Event, body AS Body, dispatches AS Dispatches,
                    dispatches_at_redelivery AS DispatchesAtRedelivery, trace_parent AS TraceParent, trace_state AS TraceState;
          """;

    /// <summary>The outcome of one dispatch: delivered, due again at <c>@NextAttemptAt</c>, or abandoned.</summary>
    public string RecordDispatch { get; } = """
        UPDATE webhook_deliveries SET dispatches = dispatches + 1, delivered_at = @DeliveredAt, abandoned_at = @AbandonedAt,
                                      next_attempt_at = @NextAttemptAt, last_error = @Error, status = @Status
        WHERE id = @Id;
        """;

    /// <summary>A dispatch cut short by shutdown: due again at once, not counted.</summary>
    public string ReleaseDelivery { get; } = """
        UPDATE webhook_deliveries SET next_attempt_at = @At WHERE id = @Id AND delivered_at IS NULL AND abandoned_at IS NULL;
        """;

    public string InsertAttempt { get; } = """
        INSERT INTO webhook_attempts (delivery_id, dispatch, attempt, at, duration_ms, status_code, error)
        VALUES (@DeliveryId, @Dispatch, @Attempt, @At, @DurationMs, @StatusCode, @Error);
        """;

    /// <summary>The deliveries due or in flight (neither delivered nor abandoned), per platform: ix_webhook_deliveries_platform_due.</summary>
    public string CountWaitingDeliveries { get; } = """
        SELECT platform_id AS PlatformId, COUNT(*) AS Waiting FROM webhook_deliveries
        WHERE next_attempt_at IS NOT NULL GROUP BY platform_id;
        """;

    // Platforms' webhooks set through the admin API (issue 16: Webhooks/PlatformWebhooks, Api/WebhookAdminEndpoints).

    private const string WebhookColumns = """
        platform_id AS PlatformId, url AS Url, secret AS Secret, previous_secret AS PreviousSecret,
        previous_secret_until AS PreviousSecretUntil, set_at AS SetAt, set_by AS SetBy
        """;

    public string SelectWebhook { get; } = $"SELECT {WebhookColumns} FROM platform_webhooks WHERE platform_id = @PlatformId;";

    /// <summary>The same, locking the row (or, on SQL Server, the place it would go) for the change that follows.</summary>
    public string SelectWebhookForUpdate { get; } = sqlServer
        ? $"SELECT {WebhookColumns} FROM platform_webhooks WITH (UPDLOCK, HOLDLOCK) WHERE platform_id = @PlatformId;"
        : $"SELECT {WebhookColumns} FROM platform_webhooks WHERE platform_id = @PlatformId;";

    public string InsertWebhook { get; } = """
        INSERT INTO platform_webhooks (platform_id, url, secret, previous_secret, previous_secret_until, set_at, set_by)
        VALUES (@PlatformId, @Url, @Secret, @PreviousSecret, @PreviousSecretUntil, @SetAt, @SetBy);
        """;

    public string UpdateWebhook { get; } = """
        UPDATE platform_webhooks SET url = @Url, secret = @Secret, previous_secret = @PreviousSecret,
                                     previous_secret_until = @PreviousSecretUntil, set_at = @SetAt, set_by = @SetBy
        WHERE platform_id = @PlatformId;
        """;

    public string DeleteWebhook { get; } = "DELETE FROM platform_webhooks WHERE platform_id = @PlatformId;";

    /// <summary>The audit of a change: who, when, what and the URL before and after; the secrets never.</summary>
    public string InsertWebhookChange { get; } = """
        INSERT INTO platform_webhook_changes (platform_id, at, actor, change, url_before, url_after)
        VALUES (@PlatformId, @At, @Actor, @Change, @UrlBefore, @UrlAfter);
        """;

    /// <summary>A platform's webhook changes, newest first, keyset-paged before <c>@Before</c> (a change id).</summary>
    public string ListWebhookChanges { get; } = sqlServer
        ? """
          SELECT TOP (@Limit) id AS Id, at AS At, actor AS Actor, change AS Change, url_before AS UrlBefore, url_after AS UrlAfter
          FROM platform_webhook_changes WHERE platform_id = @PlatformId AND (@Before IS NULL OR id < @Before) ORDER BY id DESC;
          """
        : """
          SELECT id AS Id, at AS At, actor AS Actor, change AS Change, url_before AS UrlBefore, url_after AS UrlAfter
          FROM platform_webhook_changes WHERE platform_id = @PlatformId AND (@Before IS NULL OR id < @Before) ORDER BY id DESC LIMIT @Limit;
          """;

    // A platform's self-service for its webhook (Api/WebhookSelfServiceEndpoints, issue 16).

    private const string DeliveryColumns = """
        d.id AS Id, d.event AS Event, d.request_id AS RequestId, r.reference AS Reference, d.created_at AS CreatedAt,
        d.status AS Status, d.delivered_at AS DeliveredAt, d.next_attempt_at AS NextAttemptAt, d.abandoned_at AS AbandonedAt,
        d.last_error AS LastError
        """;

    /// <summary>
    /// A platform's deliveries, newest first, keyset-paged before (<c>@BeforeKey</c>, <c>@BeforeId</c>): one backward
    /// range of ix_webhook_deliveries_platform, however many deliveries the platform has. The first page passes the
    /// greatest key, so that no parameter is null and the range is always a seek.
    /// </summary>
    public string ListOwnDeliveries { get; } = OwnDeliveries(sqlServer, status: false);

    /// <summary>The same, of one <c>@Status</c>: one backward range of ix_webhook_deliveries_platform_status.</summary>
    public string ListOwnDeliveriesByStatus { get; } = OwnDeliveries(sqlServer, status: true);

    private static string OwnDeliveries(bool sqlServer, bool status) => $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}{DeliveryColumns}
        FROM webhook_deliveries d
        LEFT JOIN requests r ON r.id = d.request_id
        WHERE d.platform_id = @PlatformId{(status ? " AND d.status = @Status" : "")}
          AND d.created_at <= @BeforeKey AND (d.created_at < @BeforeKey OR d.id < @BeforeId)
        ORDER BY d.created_at DESC, d.id DESC{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    /// <summary>One delivery of one platform: another platform's delivery is not found.</summary>
    public string SelectOwnDelivery { get; } = $"""
        SELECT {DeliveryColumns}
        FROM webhook_deliveries d
        LEFT JOIN requests r ON r.id = d.request_id
        WHERE d.id = @Id AND d.platform_id = @PlatformId;
        """;

    /// <summary>Every attempt of the given deliveries (a page's), in one query: by delivery, in the order they were made.</summary>
    public string SelectAttempts { get; } = """
        SELECT delivery_id AS DeliveryId, dispatch AS Dispatch, attempt AS Attempt, at AS At, duration_ms AS DurationMs,
               status_code AS StatusCode, error AS Error
        FROM webhook_attempts
        WHERE delivery_id IN @DeliveryIds
        ORDER BY delivery_id, id;
        """;

    /// <summary>
    /// The same notice due again now, with a fresh retry budget (dispatches count from here). A pending delivery is
    /// left as it is: it is due already, or in flight, and a second lease on it would send it twice at once.
    /// </summary>
    public string Redeliver { get; } = """
        UPDATE webhook_deliveries
        SET status = 'pending', next_attempt_at = @Now, delivered_at = NULL, abandoned_at = NULL, dispatches_at_redelivery = dispatches
        WHERE id = @Id AND platform_id = @PlatformId AND status <> 'pending';
        """;

    /// <summary>For the operator's <c>webhooks redeliver</c>: whose delivery it is, to redeliver it as its platform would.</summary>
    public string SelectDeliveryPlatform { get; } = "SELECT platform_id FROM webhook_deliveries WHERE id = @Id;";

    /// <summary>For <c>webhooks redeliver --platform</c>: the platform's notices given up on, oldest first.</summary>
    public string SelectAbandonedDeliveries { get; } =
        "SELECT id FROM webhook_deliveries WHERE platform_id = @PlatformId AND abandoned_at IS NOT NULL ORDER BY created_at, id;";

    public string InsertRedelivery { get; } = """
        INSERT INTO webhook_redeliveries (delivery_id, requested_at, requested_by) VALUES (@Id, @Now, @RequestedBy);
        """;

    /// <summary>A ping: about no request, so never one of a kind; due at once.</summary>
    public string EnqueuePing { get; } = """
        INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at, next_attempt_at, trace_parent, trace_state)
        VALUES (@Id, NULL, @PlatformId, @Event, @Event, @Body, @CreatedAt, @CreatedAt, @TraceParent, @TraceState);
        """;
}
