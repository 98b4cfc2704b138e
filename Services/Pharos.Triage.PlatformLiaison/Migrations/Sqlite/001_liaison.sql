-- Requests as platforms see them, with their answers.
CREATE TABLE requests (
    id                          TEXT    NOT NULL PRIMARY KEY,
    reference                   TEXT    NOT NULL,
    report_id                   TEXT    NOT NULL,
    platform_id                 TEXT    NOT NULL,
    url                         TEXT    NOT NULL,
    normalized_url              TEXT    NOT NULL,
    category                    TEXT    NOT NULL,
    legal_basis                 TEXT    NOT NULL,
    reasons                     TEXT    NOT NULL,
    evidence_sha256             TEXT    NULL,
    issued_at                   INTEGER NOT NULL,
    acknowledge_by              INTEGER NOT NULL,
    act_by                      INTEGER NOT NULL,
    status                      TEXT    NOT NULL,
    acknowledged_at             INTEGER NULL,
    outcome                     TEXT    NULL,
    outcome_reason              TEXT    NULL,
    platform_ticket             TEXT    NULL,
    acted_at                    INTEGER NULL,
    closed_at                   INTEGER NULL,
    clarification_question      TEXT    NULL,
    clarification_requested_at  INTEGER NULL,
    clarification_answer        TEXT    NULL,
    paused_ms                   INTEGER NOT NULL DEFAULT 0
);
-- A platform's work list: its own requests, oldest deadline first.
CREATE INDEX ix_requests_platform_deadline ON requests (platform_id, status, act_by, id);
CREATE INDEX ix_requests_platform_all ON requests (platform_id, act_by, id);
