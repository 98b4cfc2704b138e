namespace Pharos.Triage.Escalation.Data;

/// <summary>Every statement Escalation runs, in both dialects where they differ.</summary>
public sealed class EscalationSql(bool sqlServer)
{
    private const string Columns = """
        request_id AS RequestId, reference AS Reference, platform_id AS PlatformId, platform_name AS PlatformName,
        category AS Category, legal_basis AS LegalBasis, refusal_ground AS RefusalGround, clarifications AS Clarifications,
        issued_at AS IssuedAt, acknowledge_by AS AcknowledgeBy, act_by AS ActBy, remind_at AS RemindAt, act_remind_at AS ActRemindAt,
        unanswered_due_at AS UnansweredDueAt,
        acknowledged_at AS AcknowledgedAt, paused_at AS PausedAt, paused_ms AS PausedMs, outcome AS Outcome,
        acted_at AS ActedAt, closed_at AS ClosedAt, sla AS Sla, reminded_at AS RemindedAt,
        acknowledge_overdue_at AS AcknowledgeOverdueAt, act_overdue_at AS ActOverdueAt, unanswered_at AS UnansweredAt,
        next_due_at AS NextDueAt, question AS Question
        """;

    public string StartClock { get; } = """
        INSERT INTO deadline_clocks (request_id, reference, platform_id, platform_name, category, legal_basis, issued_at,
                                     acknowledge_by, act_by, remind_at, act_remind_at, unanswered_due_at, sla, next_due_at)
        SELECT @RequestId, @Reference, @PlatformId, @PlatformName, @Category, @LegalBasis, @IssuedAt,
               @AcknowledgeBy, @ActBy, @RemindAt, @ActRemindAt, @UnansweredDueAt, @Sla, @NextDueAt
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

    /// <summary>The open requests past a deadline and left unanswered (one seek of ix_deadline_clocks_open_sla).</summary>
    public string CountOpenLate { get; } = """
        SELECT COALESCE(SUM(CASE WHEN sla = 'overdue' THEN 1 ELSE 0 END), 0) AS Overdue,
               COALESCE(SUM(CASE WHEN sla = 'unanswered' THEN 1 ELSE 0 END), 0) AS Unanswered
        FROM deadline_clocks WHERE closed_at IS NULL AND sla IN ('overdue', 'unanswered');
        """;

    public string UpdateClock { get; } = """
        UPDATE deadline_clocks SET acknowledge_by = @AcknowledgeBy, act_by = @ActBy, remind_at = @RemindAt,
            act_remind_at = @ActRemindAt, unanswered_due_at = @UnansweredDueAt,
            acknowledged_at = @AcknowledgedAt, paused_at = @PausedAt, paused_ms = @PausedMs, outcome = @Outcome,
            acted_at = @ActedAt, closed_at = @ClosedAt, sla = @Sla, reminded_at = @RemindedAt,
            acknowledge_overdue_at = @AcknowledgeOverdueAt, act_overdue_at = @ActOverdueAt,
            unanswered_at = @UnansweredAt, next_due_at = @NextDueAt, refusal_ground = @RefusalGround,
            clarifications = @Clarifications, question = @Question
        WHERE request_id = @RequestId;
        """;

    /// <summary>
    /// Every request issued in [@From, @To), with what its statistics need (the covering index serves it): the
    /// times the system recorded, never the actedAt a platform declares, nor any words of its own.
    /// </summary>
    public string SelectFacts { get; } = """
        SELECT platform_id, category, legal_basis, issued_at, acknowledged_at, acknowledge_by, closed_at, act_by,
               outcome, refusal_ground, paused_ms, clarifications, unanswered_at
        FROM deadline_clocks
        WHERE issued_at >= @From AND issued_at < @To;
        """;

    /// <summary>A platform's name as its requests carry it; the first row found will do.</summary>
    public string SelectPlatformName { get; } = sqlServer
        ? "SELECT TOP (1) platform_name FROM deadline_clocks WHERE platform_id = @PlatformId AND platform_name <> '';"
        : "SELECT platform_name FROM deadline_clocks WHERE platform_id = @PlatformId AND platform_name <> '' LIMIT 1;";

    /// <summary>
    /// The requests of the period that went unanswered ("lettre morte"), for the publication's list: the sweep
    /// found no answer, and none had been recorded before it fired; a superseded request is never one.
    /// </summary>
    public string SelectUnanswered { get; } = """
        SELECT reference AS Reference, platform_id AS PlatformId, category AS Category, legal_basis AS LegalBasis,
               issued_at AS IssuedAt, act_by AS ActBy, closed_at AS ClosedAt
        FROM deadline_clocks
        WHERE issued_at >= @From AND issued_at < @To AND unanswered_at IS NOT NULL
          AND (closed_at IS NULL OR closed_at > unanswered_at)
          AND (outcome IS NULL OR outcome <> 'superseded')
        ORDER BY issued_at, reference;
        """;

    public string NextPublicationVersion { get; } = sqlServer
        ? "SELECT COALESCE(MAX(version), 0) + 1 FROM publications WITH (UPDLOCK, HOLDLOCK);"
        : "SELECT COALESCE(MAX(version), 0) + 1 FROM publications;";

    public string InsertPublication { get; } = """
        INSERT INTO publications (version, published_at, published_by, period_from, period_to, as_of, body, csv)
        VALUES (@Version, @PublishedAt, @PublishedBy, @PeriodFrom, @PeriodTo, @AsOf, @Body, @Csv);
        """;

    public string SelectPublication { get; } = "SELECT version AS Version, body AS Body, csv AS Csv FROM publications WHERE version = @Version;";

    public string SelectLatestPublication { get; } = sqlServer
        ? "SELECT TOP (1) version AS Version, body AS Body, csv AS Csv FROM publications ORDER BY version DESC;"
        : "SELECT version AS Version, body AS Body, csv AS Csv FROM publications ORDER BY version DESC LIMIT 1;";

    /// <summary>Newest first, keyset-paged on the version.</summary>
    public string ListPublications { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}version AS Version, published_at AS PublishedAt, published_by AS PublishedBy,
               period_from AS PeriodFrom, period_to AS PeriodTo, as_of AS AsOf
        FROM publications WHERE (@CursorKey IS NULL OR version < @CursorKey)
        ORDER BY version DESC{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    public string SelectStaleDays { get; } = "SELECT day FROM statistics_stale_days ORDER BY day;";

    public string ClearStaleDay { get; } = "DELETE FROM statistics_stale_days WHERE day = @Day;";

    public string DeleteDayRollup { get; } = "DELETE FROM statistics_days WHERE day = @Day;";

    public string InsertDayRollup { get; } = """
        INSERT INTO statistics_days (platform_id, category, legal_basis, day, requests, acknowledged, acknowledged_in_time, acted,
                                     acted_in_time, refused, refused_not_illegal, refused_insufficient_information, refused_impossible,
                                     refused_outside_jurisdiction, refused_other, not_found, superseded, clarifications, unanswered,
                                     acknowledge_seconds, act_seconds)
        VALUES (@PlatformId, @Category, @LegalBasis, @Day, @Requests, @Acknowledged, @AcknowledgedInTime, @Acted,
                @ActedInTime, @Refused, @RefusedNotIllegal, @RefusedInsufficientInformation, @RefusedImpossible,
                @RefusedOutsideJurisdiction, @RefusedOther, @NotFound, @Superseded, @Clarifications, @Unanswered,
                @AcknowledgeSeconds, @ActSeconds);
        """;

    /// <summary>The rolled-up figures of whole days [@FirstDay, @EndDay).</summary>
    public string SelectDayRollups { get; } = """
        SELECT platform_id AS PlatformId, category AS Category, legal_basis AS LegalBasis, day AS Day, requests AS Requests,
               acknowledged AS Acknowledged, acknowledged_in_time AS AcknowledgedInTime, acted AS Acted, acted_in_time AS ActedInTime,
               refused AS Refused, refused_not_illegal AS RefusedNotIllegal, refused_insufficient_information AS RefusedInsufficientInformation,
               refused_impossible AS RefusedImpossible, refused_outside_jurisdiction AS RefusedOutsideJurisdiction,
               refused_other AS RefusedOther, not_found AS NotFound, superseded AS Superseded, clarifications AS Clarifications,
               unanswered AS Unanswered,
               acknowledge_seconds AS AcknowledgeSeconds, act_seconds AS ActSeconds
        FROM statistics_days
        WHERE day >= @FirstDay AND day < @EndDay;
        """;
}
