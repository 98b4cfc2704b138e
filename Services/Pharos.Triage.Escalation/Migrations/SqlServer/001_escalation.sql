-- One deadline clock per issued request: its deadlines, the platform's answers, the ladder's steps.
CREATE TABLE deadline_clocks (
    request_id               NVARCHAR(36) NOT NULL CONSTRAINT pk_deadline_clocks PRIMARY KEY,
    platform_id              NVARCHAR(64) NOT NULL,
    category                 NVARCHAR(32) NOT NULL,
    legal_basis              NVARCHAR(32) NOT NULL,
    issued_at                BIGINT NOT NULL,
    acknowledge_by           BIGINT NOT NULL,
    act_by                   BIGINT NOT NULL,
    remind_at                BIGINT NOT NULL,
    grace_ms                 BIGINT NOT NULL,
    acknowledged_at          BIGINT NULL,
    paused_at                BIGINT NULL,
    paused_ms                BIGINT NOT NULL CONSTRAINT df_deadline_clocks_paused_ms DEFAULT 0,
    outcome                  NVARCHAR(32) NULL,
    acted_at                 BIGINT NULL,
    closed_at                BIGINT NULL,
    sla                      NVARCHAR(16) NOT NULL,
    reminded_at              BIGINT NULL,
    acknowledge_overdue_at   BIGINT NULL,
    act_overdue_at           BIGINT NULL,
    unanswered_at            BIGINT NULL,
    next_due_at              BIGINT NULL
);
CREATE INDEX ix_deadline_clocks_issued ON deadline_clocks (issued_at);
-- The sweep reads only what is due: its cost grows with the due rows, not with the stored ones.
CREATE INDEX ix_deadline_clocks_due ON deadline_clocks (next_due_at) WHERE next_due_at IS NOT NULL;
