-- Issue 14: the sizes SQL Server declares, declared here too (length() counts characters, as NVARCHAR(n) does), each
-- table rebuilt as Infrastructure's 003_column_limits says why and how. evidence_sha256 is CHAR(64) there, a limit in
-- bytes: 64 characters too, as the database has a single-byte code page (deploy sets no collation, so the server's
-- default, SQL_Latin1_General_CP1_CI_AS), and what it holds is 64 hexadecimal digits in any collation.
--
-- webhook_attempts refers to webhook_deliveries. Foreign keys are on (ServiceDatabase) and cannot be turned off inside
-- a transaction, so the new webhook_attempts refers to the new webhook_deliveries, the old webhook_attempts goes before
-- the old webhook_deliveries (which nothing refers to any more, so dropping it deletes no row it would have to check),
-- and renaming the new webhook_deliveries carries the reference.
CREATE TABLE requests_bounded (
    id                          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    reference                   TEXT    NOT NULL CHECK (length(reference) <= 32),
    report_id                   TEXT    NOT NULL CHECK (length(report_id) <= 36),
    platform_id                 TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    url                         TEXT    NOT NULL CHECK (length(url) <= 2048),
    normalized_url              TEXT    NOT NULL CHECK (length(normalized_url) <= 2048),
    category                    TEXT    NOT NULL CHECK (length(category) <= 32),
    legal_basis                 TEXT    NOT NULL CHECK (length(legal_basis) <= 32),
    reasons                     TEXT    NOT NULL CHECK (length(reasons) <= 4000),
    evidence_sha256             TEXT    NULL     CHECK (length(evidence_sha256) <= 64),
    issued_at                   INTEGER NOT NULL,
    acknowledge_by              INTEGER NOT NULL,
    act_by                      INTEGER NOT NULL,
    status                      TEXT    NOT NULL CHECK (length(status) <= 32),
    acknowledged_at             INTEGER NULL,
    outcome                     TEXT    NULL     CHECK (length(outcome) <= 32),
    outcome_reason              TEXT    NULL     CHECK (length(outcome_reason) <= 4000),
    platform_ticket             TEXT    NULL     CHECK (length(platform_ticket) <= 200),
    acted_at                    INTEGER NULL,
    closed_at                   INTEGER NULL,
    clarification_question      TEXT    NULL     CHECK (length(clarification_question) <= 4000),
    clarification_requested_at  INTEGER NULL,
    clarification_answer        TEXT    NULL     CHECK (length(clarification_answer) <= 4000),
    paused_ms                   INTEGER NOT NULL DEFAULT 0,
    refusal_ground              TEXT    NULL     CHECK (length(refusal_ground) <= 32),
    unanswered_at               INTEGER NOT NULL DEFAULT 0,
    acknowledge_reminder_at     INTEGER NOT NULL DEFAULT 0,
    act_reminder_at             INTEGER NOT NULL DEFAULT 0,
    question                    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO requests_bounded (id, reference, report_id, platform_id, url, normalized_url, category, legal_basis, reasons,
                              evidence_sha256, issued_at, acknowledge_by, act_by, status, acknowledged_at, outcome, outcome_reason,
                              platform_ticket, acted_at, closed_at, clarification_question, clarification_requested_at,
                              clarification_answer, paused_ms, refusal_ground, unanswered_at, acknowledge_reminder_at,
                              act_reminder_at, question)
SELECT id, reference, report_id, platform_id, url, normalized_url, category, legal_basis, reasons,
       evidence_sha256, issued_at, acknowledge_by, act_by, status, acknowledged_at, outcome, outcome_reason,
       platform_ticket, acted_at, closed_at, clarification_question, clarification_requested_at,
       clarification_answer, paused_ms, refusal_ground, unanswered_at, acknowledge_reminder_at,
       act_reminder_at, question
FROM requests ORDER BY rowid;
DROP TABLE requests;
ALTER TABLE requests_bounded RENAME TO requests;
CREATE INDEX ix_requests_platform_deadline ON requests (platform_id, status, act_by, id);
CREATE INDEX ix_requests_platform_all ON requests (platform_id, act_by, id);

CREATE TABLE webhook_deliveries_bounded (
    id               TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    request_id       TEXT    NOT NULL CHECK (length(request_id) <= 36),
    platform_id      TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    event            TEXT    NOT NULL CHECK (length(event) <= 32),
    step             TEXT    NOT NULL CHECK (length(step) <= 64),
    body             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NULL,
    dispatches       INTEGER NOT NULL DEFAULT 0,
    delivered_at     INTEGER NULL,
    abandoned_at     INTEGER NULL,
    last_error       TEXT    NULL     CHECK (length(last_error) <= 2000),
    -- One notice per fact: a redelivered or re-driven message finds it already there.
    CONSTRAINT uq_webhook_deliveries_fact UNIQUE (request_id, event, step)
);
INSERT INTO webhook_deliveries_bounded (id, request_id, platform_id, event, step, body, created_at, next_attempt_at, dispatches,
                                        delivered_at, abandoned_at, last_error)
SELECT id, request_id, platform_id, event, step, body, created_at, next_attempt_at, dispatches, delivered_at, abandoned_at, last_error
FROM webhook_deliveries ORDER BY rowid;

CREATE TABLE webhook_attempts_bounded (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT    NOT NULL REFERENCES webhook_deliveries_bounded (id) CHECK (length(delivery_id) <= 36),
    dispatch     INTEGER NOT NULL,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER NULL,
    error        TEXT    NULL     CHECK (length(error) <= 2000)
);
INSERT INTO webhook_attempts_bounded (id, delivery_id, dispatch, attempt, at, duration_ms, status_code, error)
SELECT id, delivery_id, dispatch, attempt, at, duration_ms, status_code, error FROM webhook_attempts ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'webhook_attempts_bounded';
INSERT INTO sqlite_sequence (name, seq) SELECT 'webhook_attempts_bounded', seq FROM sqlite_sequence WHERE name = 'webhook_attempts';

DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_bounded RENAME TO webhook_deliveries;
ALTER TABLE webhook_attempts_bounded RENAME TO webhook_attempts;
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_platform_due ON webhook_deliveries (platform_id, next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
