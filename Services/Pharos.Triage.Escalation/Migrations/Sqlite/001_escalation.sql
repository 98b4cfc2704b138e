-- One deadline clock per issued request: its deadlines, the platform's answers, the ladder's steps.
CREATE TABLE deadline_clocks (
    request_id               TEXT    NOT NULL PRIMARY KEY,
    platform_id              TEXT    NOT NULL,
    category                 TEXT    NOT NULL,
    legal_basis              TEXT    NOT NULL,
    issued_at                INTEGER NOT NULL,
    acknowledge_by           INTEGER NOT NULL,
    act_by                   INTEGER NOT NULL,
    remind_at                INTEGER NOT NULL,
    grace_ms                 INTEGER NOT NULL,
    acknowledged_at          INTEGER NULL,
    paused_at                INTEGER NULL,
    paused_ms                INTEGER NOT NULL DEFAULT 0,
    outcome                  TEXT    NULL,
    acted_at                 INTEGER NULL,
    closed_at                INTEGER NULL,
    sla                      TEXT    NOT NULL,
    reminded_at              INTEGER NULL,
    acknowledge_overdue_at   INTEGER NULL,
    act_overdue_at           INTEGER NULL,
    unanswered_at            INTEGER NULL,
    next_due_at              INTEGER NULL
);
CREATE INDEX ix_deadline_clocks_issued ON deadline_clocks (issued_at);
-- The sweep reads only what is due: its cost grows with the due rows, not with the stored ones.
CREATE INDEX ix_deadline_clocks_due ON deadline_clocks (next_due_at) WHERE next_due_at IS NOT NULL;
