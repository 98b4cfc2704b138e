namespace Pharos.Triage.Routing.Data;

/// <summary>Every statement Routing runs, in both dialects where they differ.</summary>
public sealed class RoutingSql(bool sqlServer)
{
    // The catalogue, as routing reads it.

    /// <summary>The id of the last platform change: the catalogue's version, one row read before each report is routed.</summary>
    public string SelectCatalogueVersion { get; } = "SELECT version FROM catalogue_version WHERE id = 1;";

    public string SelectPlatforms { get; } = "SELECT id AS Id, name AS Name FROM platforms ORDER BY id;";

    public string SelectDomains { get; } = "SELECT domain AS Domain, platform_id AS PlatformId FROM platform_domains;";

    // The platform records, as admins change them (Platforms/PlatformStore).

    /// <summary>
    /// Takes the next change id, which becomes the catalogue's version. The row stays locked until the change commits,
    /// so changes commit one at a time, in the order of their ids, and each checks ids and domains with none in between.
    /// </summary>
    public string NextChangeId { get; } = sqlServer
        ? "UPDATE catalogue_version SET version = version + 1 OUTPUT inserted.version WHERE id = 1;"
        : "UPDATE catalogue_version SET version = version + 1 WHERE id = 1 RETURNING version;";

    private const string PlatformColumns = """
        id AS Id, name AS Name, contact_name AS ContactName, contact_email AS ContactEmail, contact_phone AS ContactPhone,
        escalation_name AS EscalationName, escalation_email AS EscalationEmail, escalation_phone AS EscalationPhone,
        languages AS Languages, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt, updated_by AS UpdatedBy
        """;

    public string SelectPlatform { get; } = $"SELECT {PlatformColumns} FROM platforms WHERE id = @Id;";

    /// <summary>A page of platforms by id, after <c>@After</c> (null: from the first).</summary>
    public string ListPlatforms { get; } = sqlServer
        ? $"SELECT TOP (@Limit) {PlatformColumns} FROM platforms WHERE @After IS NULL OR id > @After ORDER BY id;"
        : $"SELECT {PlatformColumns} FROM platforms WHERE @After IS NULL OR id > @After ORDER BY id LIMIT @Limit;";

    public string SelectDomainsOf { get; } = "SELECT domain FROM platform_domains WHERE platform_id = @Id ORDER BY domain;";

    public string SelectDomainsOfPlatforms { get; } =
        "SELECT domain AS Domain, platform_id AS PlatformId FROM platform_domains WHERE platform_id IN @Ids ORDER BY domain;";

    public string SelectDomainOwners { get; } =
        "SELECT domain AS Domain, platform_id AS PlatformId FROM platform_domains WHERE domain IN @Domains ORDER BY domain;";

    /// <summary>A new platform, announced in the same transaction: its version is announced as it is written.</summary>
    public string InsertPlatform { get; } = """
        INSERT INTO platforms (id, name, created_at, contact_name, contact_email, contact_phone, escalation_name, escalation_email,
                               escalation_phone, languages, version, announced_version, updated_at, updated_by)
        VALUES (@Id, @Name, @CreatedAt, @ContactName, @ContactEmail, @ContactPhone, @EscalationName, @EscalationEmail,
                @EscalationPhone, @Languages, @Version, @Version, @UpdatedAt, @UpdatedBy);
        """;

    /// <summary>The next version of a platform, from the version it was read at; announced in the same transaction.</summary>
    public string UpdatePlatform { get; } = """
        UPDATE platforms SET name = @Name, contact_name = @ContactName, contact_email = @ContactEmail, contact_phone = @ContactPhone,
                             escalation_name = @EscalationName, escalation_email = @EscalationEmail, escalation_phone = @EscalationPhone,
                             languages = @Languages, version = @Version, announced_version = @Version, updated_at = @UpdatedAt,
                             updated_by = @UpdatedBy
        WHERE id = @Id AND version = @ReadVersion;
        """;

    public string InsertDomain { get; } = "INSERT INTO platform_domains (domain, platform_id) VALUES (@Domain, @PlatformId);";

    public string DeleteDomain { get; } = "DELETE FROM platform_domains WHERE domain = @Domain AND platform_id = @PlatformId;";

    public string InsertChange { get; } = """
        INSERT INTO platform_changes (id, platform_id, version, changed_at, changed_by, before_json, after_json)
        VALUES (@Id, @PlatformId, @Version, @ChangedAt, @ChangedBy, @BeforeJson, @AfterJson);
        """;

    private const string ChangeColumns = """
        id AS Id, platform_id AS PlatformId, version AS Version, changed_at AS ChangedAt, changed_by AS ChangedBy,
        before_json AS BeforeJson, after_json AS AfterJson
        """;

    /// <summary>A page of a platform's changes, newest first, before version <c>@Before</c> (null: from the newest).</summary>
    public string ListChanges { get; } = sqlServer
        ? $"""
          SELECT TOP (@Limit) {ChangeColumns} FROM platform_changes
          WHERE platform_id = @PlatformId AND (@Before IS NULL OR version < @Before) ORDER BY version DESC;
          """
        : $"""
          SELECT {ChangeColumns} FROM platform_changes
          WHERE platform_id = @PlatformId AND (@Before IS NULL OR version < @Before) ORDER BY version DESC LIMIT @Limit;
          """;

    /// <summary>The platforms whose last version was never announced: the seeding migration's.</summary>
    public string SelectUnannounced { get; } = "SELECT id FROM platforms WHERE announced_version < version ORDER BY id;";

    /// <summary>Claims a platform's announcement: of two instances starting together, one changes the row, the other none.</summary>
    public string ClaimAnnouncement { get; } = "UPDATE platforms SET announced_version = version WHERE id = @Id AND announced_version < version;";

    // Routing decisions.

    public string SelectDecision { get; } = """
        SELECT message_type AS MessageType, message_body AS MessageBody, superseded_body AS SupersededBody
        FROM routing_decisions WHERE report_id = @ReportId;
        """;

    public string InsertDecision { get; } = """
        INSERT INTO routing_decisions (report_id, decision, normalized_url, platform_id, request_id, message_type, message_body,
                                       superseded_body, decided_at)
        VALUES (@ReportId, @Decision, @NormalizedUrl, @PlatformId, @RequestId, @MessageType, @MessageBody, @SupersededBody, @DecidedAt);
        """;

    public string SelectOpenRequest { get; } = $"""
        SELECT request_id AS RequestId, report_id AS ReportId, platform_id AS PlatformId, legal_basis AS LegalBasis
        FROM open_requests{(sqlServer ? " WITH (UPDLOCK, HOLDLOCK)" : "")} WHERE url_hash = @UrlHash;
        """;

    public string InsertOpenRequest { get; } = """
        INSERT INTO open_requests (url_hash, normalized_url, request_id, report_id, platform_id, legal_basis, issued_at)
        VALUES (@UrlHash, @NormalizedUrl, @RequestId, @ReportId, @PlatformId, @LegalBasis, @IssuedAt);
        """;

    /// <summary>A stricter request takes the URL's place in the dedup index from the one it supersedes.</summary>
    public string ReplaceOpenRequest { get; } = """
        UPDATE open_requests SET request_id = @RequestId, report_id = @ReportId, platform_id = @PlatformId,
                                 legal_basis = @LegalBasis, issued_at = @IssuedAt
        WHERE url_hash = @UrlHash AND request_id = @Replaced;
        """;

    public string DeleteOpenRequest { get; } = "DELETE FROM open_requests WHERE request_id = @RequestId;";

    /// <summary>Takes the next reference number of the year; null when the year has no counter yet.</summary>
    public string NextReference { get; } = sqlServer
        ? "UPDATE reference_counters SET last_value = last_value + 1 OUTPUT inserted.last_value WHERE year = @Year;"
        : "UPDATE reference_counters SET last_value = last_value + 1 WHERE year = @Year RETURNING last_value;";

    public string StartReferenceYear { get; } = "INSERT INTO reference_counters (year, last_value) VALUES (@Year, 1);";
}
