-- Issue 14: the sizes SQL Server declares, declared here too (length() counts characters, as NVARCHAR(n) does), each
-- table rebuilt as Infrastructure's 003_column_limits says why and how. evidence_sha256 and request_hash are CHAR(64)
-- there, a limit in bytes: 64 characters too, as the database has a single-byte code page (deploy sets no collation,
-- so the server's default, SQL_Latin1_General_CP1_CI_AS), and what they hold is 64 hexadecimal digits in any collation.
--
-- timeline refers to reports. Foreign keys are on (ServiceDatabase) and cannot be turned off inside a transaction, so
-- the new timeline refers to the new reports, the old timeline goes before the old reports (which nothing refers to
-- any more, so dropping it deletes no row it would have to check), and renaming the new reports carries the reference.
CREATE TABLE reports_bounded (
    id                 TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    url                TEXT    NOT NULL CHECK (length(url) <= 2048),
    normalized_url     TEXT    NULL     CHECK (length(normalized_url) <= 2048),
    category           TEXT    NOT NULL CHECK (length(category) <= 32),
    description        TEXT    NOT NULL CHECK (length(description) <= 4000),
    observed_at        INTEGER NULL,
    evidence_sha256    TEXT    NULL     CHECK (length(evidence_sha256) <= 64),
    case_reference     TEXT    NULL     CHECK (length(case_reference) <= 100),
    urgent             INTEGER NOT NULL,
    status             TEXT    NOT NULL CHECK (length(status) <= 16),
    received_at        INTEGER NOT NULL,
    filed_by           TEXT    NOT NULL CHECK (length(filed_by) <= 240),
    duplicate_of       TEXT    NULL     CHECK (length(duplicate_of) <= 36),
    forwarded_to       TEXT    NULL     CHECK (length(forwarded_to) <= 64),
    platform_id        TEXT    NULL     CHECK (length(platform_id) <= 64),
    platform_name      TEXT    NULL     CHECK (length(platform_name) <= 200),
    request_id         TEXT    NULL     CHECK (length(request_id) <= 36),
    last_published_at  INTEGER NOT NULL,
    redrives           INTEGER NOT NULL DEFAULT 0,
    redrive_at         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO reports_bounded (id, url, normalized_url, category, description, observed_at, evidence_sha256, case_reference, urgent,
                             status, received_at, filed_by, duplicate_of, forwarded_to, platform_id, platform_name, request_id,
                             last_published_at, redrives, redrive_at)
SELECT id, url, normalized_url, category, description, observed_at, evidence_sha256, case_reference, urgent,
       status, received_at, filed_by, duplicate_of, forwarded_to, platform_id, platform_name, request_id,
       last_published_at, redrives, redrive_at
FROM reports ORDER BY rowid;

CREATE TABLE timeline_bounded (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  TEXT    NOT NULL REFERENCES reports_bounded (id) CHECK (length(report_id) <= 36),
    at         INTEGER NOT NULL,
    event      TEXT    NOT NULL CHECK (length(event) <= 40),
    actor      TEXT    NOT NULL CHECK (length(actor) <= 240),
    detail     TEXT    NULL,
    event_key  TEXT    NOT NULL CHECK (length(event_key) <= 120)
);
INSERT INTO timeline_bounded (id, report_id, at, event, actor, detail, event_key)
SELECT id, report_id, at, event, actor, detail, event_key FROM timeline ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'timeline_bounded';
INSERT INTO sqlite_sequence (name, seq) SELECT 'timeline_bounded', seq FROM sqlite_sequence WHERE name = 'timeline';

DROP TABLE timeline;
DROP TABLE reports;
ALTER TABLE reports_bounded RENAME TO reports;
ALTER TABLE timeline_bounded RENAME TO timeline;
CREATE INDEX ix_reports_received_at ON reports (received_at DESC, id DESC);
CREATE INDEX ix_reports_request ON reports (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX ix_reports_redrive ON reports (redrive_at) WHERE status = 'received';
CREATE UNIQUE INDEX ux_timeline_event ON timeline (report_id, event_key);
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;

CREATE TABLE requests_bounded (
    id               TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    reference        TEXT    NOT NULL CHECK (length(reference) <= 32),
    platform_id      TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    platform_name    TEXT    NOT NULL CHECK (length(platform_name) <= 200),
    legal_basis      TEXT    NOT NULL CHECK (length(legal_basis) <= 32),
    status           TEXT    NOT NULL CHECK (length(status) <= 32),
    sla              TEXT    NOT NULL CHECK (length(sla) <= 16),
    issued_at        INTEGER NOT NULL,
    acknowledge_by   INTEGER NOT NULL,
    act_by           INTEGER NOT NULL,
    acknowledged_at  INTEGER NULL,
    outcome          TEXT    NULL     CHECK (length(outcome) <= 32),
    closed_at        INTEGER NULL,
    superseded_by    TEXT    NULL     CHECK (length(superseded_by) <= 36),
    question         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO requests_bounded (id, reference, platform_id, platform_name, legal_basis, status, sla, issued_at, acknowledge_by, act_by,
                              acknowledged_at, outcome, closed_at, superseded_by, question)
SELECT id, reference, platform_id, platform_name, legal_basis, status, sla, issued_at, acknowledge_by, act_by,
       acknowledged_at, outcome, closed_at, superseded_by, question
FROM requests ORDER BY rowid;
DROP TABLE requests;
ALTER TABLE requests_bounded RENAME TO requests;

CREATE TABLE idempotency_keys_bounded (
    principal        TEXT    NOT NULL CHECK (length(principal) <= 240),
    idempotency_key  TEXT    NOT NULL CHECK (length(idempotency_key) <= 200),
    request_hash     TEXT    NOT NULL CHECK (length(request_hash) <= 64),
    report_id        TEXT    NOT NULL CHECK (length(report_id) <= 36),
    response_body    TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
INSERT INTO idempotency_keys_bounded (principal, idempotency_key, request_hash, report_id, response_body, created_at)
SELECT principal, idempotency_key, request_hash, report_id, response_body, created_at FROM idempotency_keys ORDER BY rowid;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_bounded RENAME TO idempotency_keys;
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
