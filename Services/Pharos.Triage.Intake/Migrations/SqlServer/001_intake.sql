CREATE TABLE reports (
    id                 NVARCHAR(36)   NOT NULL CONSTRAINT pk_reports PRIMARY KEY NONCLUSTERED,
    url                NVARCHAR(2048) NOT NULL,
    normalized_url     NVARCHAR(2048) NULL,
    category           NVARCHAR(32)   NOT NULL,
    description        NVARCHAR(4000) NOT NULL,
    observed_at        BIGINT NULL,
    evidence_sha256    CHAR(64)       NULL,
    case_reference     NVARCHAR(100)  NULL,
    urgent             BIT            NOT NULL,
    status             NVARCHAR(16)   NOT NULL,
    received_at        BIGINT         NOT NULL,
    filed_by           NVARCHAR(200)  NOT NULL,
    duplicate_of       NVARCHAR(36)   NULL,
    forwarded_to       NVARCHAR(64)   NULL,
    platform_id        NVARCHAR(64)   NULL,
    platform_name      NVARCHAR(200)  NULL,
    request_id         NVARCHAR(36)   NULL,
    last_published_at  BIGINT         NOT NULL
);
CREATE CLUSTERED INDEX cx_reports_received_at ON reports (received_at DESC, id DESC);
CREATE INDEX ix_reports_stuck ON reports (last_published_at) WHERE status = 'received';
CREATE INDEX ix_reports_request ON reports (request_id) WHERE request_id IS NOT NULL;

-- The requests behind reports, projected from PlatformLiaison's and Escalation's events.
CREATE TABLE requests (
    id               NVARCHAR(36)  NOT NULL CONSTRAINT pk_requests PRIMARY KEY,
    reference        NVARCHAR(32)  NOT NULL,
    platform_id      NVARCHAR(64)  NOT NULL,
    platform_name    NVARCHAR(200) NOT NULL,
    legal_basis      NVARCHAR(32)  NOT NULL,
    status           NVARCHAR(32)  NOT NULL,
    sla              NVARCHAR(16)  NOT NULL,
    issued_at        BIGINT NOT NULL,
    acknowledge_by   BIGINT NOT NULL,
    act_by           BIGINT NOT NULL,
    acknowledged_at  BIGINT NULL,
    outcome          NVARCHAR(32)  NULL,
    closed_at        BIGINT NULL
);

-- Append-only: the proof of who did what and when. event_key makes each fact appear once.
CREATE TABLE timeline (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_timeline PRIMARY KEY,
    report_id  NVARCHAR(36)   NOT NULL CONSTRAINT fk_timeline_report REFERENCES reports (id),
    at         BIGINT         NOT NULL,
    event      NVARCHAR(40)   NOT NULL,
    actor      NVARCHAR(200)  NOT NULL,
    detail     NVARCHAR(4000) NULL,
    event_key  NVARCHAR(120)  NOT NULL
);
CREATE UNIQUE INDEX ux_timeline_event ON timeline (report_id, event_key);
GO
CREATE TRIGGER timeline_append_only ON timeline INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'the timeline is append-only', 1;
END;
