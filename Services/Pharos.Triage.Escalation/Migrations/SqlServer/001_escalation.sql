-- One deadline clock per issued request.
CREATE TABLE deadline_clocks (
    request_id       NVARCHAR(36) NOT NULL CONSTRAINT pk_deadline_clocks PRIMARY KEY,
    platform_id      NVARCHAR(64) NOT NULL,
    category         NVARCHAR(32) NOT NULL,
    legal_basis      NVARCHAR(32) NOT NULL,
    issued_at        BIGINT NOT NULL,
    acknowledge_by   BIGINT NOT NULL,
    act_by           BIGINT NOT NULL,
    acknowledged_at  BIGINT NULL,
    paused_at        BIGINT NULL,
    paused_ms        BIGINT NOT NULL CONSTRAINT df_deadline_clocks_paused_ms DEFAULT 0,
    outcome          NVARCHAR(32) NULL,
    acted_at         BIGINT NULL,
    closed_at        BIGINT NULL,
    sla              NVARCHAR(16) NOT NULL
);
CREATE INDEX ix_deadline_clocks_issued ON deadline_clocks (issued_at);
