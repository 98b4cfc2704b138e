-- Requests as platforms see them, with their answers.
CREATE TABLE requests (
    id                          NVARCHAR(36)   NOT NULL CONSTRAINT pk_requests PRIMARY KEY,
    reference                   NVARCHAR(32)   NOT NULL,
    report_id                   NVARCHAR(36)   NOT NULL,
    platform_id                 NVARCHAR(64)   NOT NULL,
    url                         NVARCHAR(2048) NOT NULL,
    normalized_url              NVARCHAR(2048) NOT NULL,
    category                    NVARCHAR(32)   NOT NULL,
    legal_basis                 NVARCHAR(32)   NOT NULL,
    reasons                     NVARCHAR(4000) NOT NULL,
    evidence_sha256             CHAR(64)       NULL,
    issued_at                   BIGINT NOT NULL,
    acknowledge_by              BIGINT NOT NULL,
    act_by                      BIGINT NOT NULL,
    status                      NVARCHAR(32)   NOT NULL,
    acknowledged_at             BIGINT NULL,
    outcome                     NVARCHAR(32)   NULL,
    outcome_reason              NVARCHAR(4000) NULL,
    platform_ticket             NVARCHAR(200)  NULL,
    acted_at                    BIGINT NULL,
    closed_at                   BIGINT NULL,
    clarification_question      NVARCHAR(4000) NULL,
    clarification_requested_at  BIGINT NULL,
    clarification_answer        NVARCHAR(4000) NULL,
    paused_ms                   BIGINT NOT NULL CONSTRAINT df_requests_paused_ms DEFAULT 0
);
-- A platform's work list: its own requests, oldest deadline first.
CREATE INDEX ix_requests_platform_deadline ON requests (platform_id, status, act_by, id);
CREATE INDEX ix_requests_platform_all ON requests (platform_id, act_by, id);
