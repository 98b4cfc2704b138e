namespace Pharos.Triage.Routing.Data;

/// <summary>Every statement Routing runs, in both dialects where they differ.</summary>
public sealed class RoutingSql(bool sqlServer)
{
    public string InsertPlatformIfMissing { get; } = """
        INSERT INTO platforms (id, name, created_at)
        SELECT @Id, @Name, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM platforms WHERE id = @Id);
        """;

    public string InsertDomainIfMissing { get; } = """
        INSERT INTO platform_domains (domain, platform_id)
        SELECT @Domain, @PlatformId
        WHERE NOT EXISTS (SELECT 1 FROM platform_domains WHERE domain = @Domain);
        """;

    public string SelectPlatforms { get; } = "SELECT id AS Id, name AS Name FROM platforms ORDER BY id;";

    public string SelectDomains { get; } = "SELECT domain AS Domain, platform_id AS PlatformId FROM platform_domains;";

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
