-- One deadline clock per issued request.
CREATE TABLE deadline_clocks (
    request_id       TEXT    NOT NULL PRIMARY KEY,
    platform_id      TEXT    NOT NULL,
    category         TEXT    NOT NULL,
    legal_basis      TEXT    NOT NULL,
    issued_at        INTEGER NOT NULL,
    acknowledge_by   INTEGER NOT NULL,
    act_by           INTEGER NOT NULL,
    acknowledged_at  INTEGER NULL,
    paused_at        INTEGER NULL,
    paused_ms        INTEGER NOT NULL DEFAULT 0,
    outcome          TEXT    NULL,
    acted_at         INTEGER NULL,
    closed_at        INTEGER NULL,
    sla              TEXT    NOT NULL
);
CREATE INDEX ix_deadline_clocks_issued ON deadline_clocks (issued_at);
