-- Issue 14: the sizes SQL Server declares, declared here too (length() counts characters, as NVARCHAR(n) does), each
-- table rebuilt as Infrastructure's 003_column_limits says why and how. statistics_stale_days holds no text and stays
-- as it is. The rows copied into the new deadline_clocks mark no day stale: its triggers are made after the copy.
CREATE TABLE deadline_clocks_bounded (
    request_id               TEXT    NOT NULL PRIMARY KEY CHECK (length(request_id) <= 36),
    platform_id              TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    category                 TEXT    NOT NULL CHECK (length(category) <= 32),
    legal_basis              TEXT    NOT NULL CHECK (length(legal_basis) <= 32),
    issued_at                INTEGER NOT NULL,
    acknowledge_by           INTEGER NOT NULL,
    act_by                   INTEGER NOT NULL,
    remind_at                INTEGER NOT NULL,
    acknowledged_at          INTEGER NULL,
    paused_at                INTEGER NULL,
    paused_ms                INTEGER NOT NULL DEFAULT 0,
    outcome                  TEXT    NULL     CHECK (length(outcome) <= 32),
    acted_at                 INTEGER NULL,
    closed_at                INTEGER NULL,
    sla                      TEXT    NOT NULL CHECK (length(sla) <= 16),
    reminded_at              INTEGER NULL,
    acknowledge_overdue_at   INTEGER NULL,
    act_overdue_at           INTEGER NULL,
    unanswered_at            INTEGER NULL,
    next_due_at              INTEGER NULL,
    reference                TEXT    NOT NULL DEFAULT '' CHECK (length(reference) <= 32),
    platform_name            TEXT    NOT NULL DEFAULT '' CHECK (length(platform_name) <= 200),
    clarifications           INTEGER NOT NULL DEFAULT 0,
    act_remind_at            INTEGER NOT NULL DEFAULT 0,
    unanswered_due_at        INTEGER NOT NULL DEFAULT 0,
    question                 INTEGER NOT NULL DEFAULT 0,
    refusal_ground           TEXT    NULL     CHECK (length(refusal_ground) <= 32)
);
INSERT INTO deadline_clocks_bounded (request_id, platform_id, category, legal_basis, issued_at, acknowledge_by, act_by, remind_at,
                                     acknowledged_at, paused_at, paused_ms, outcome, acted_at, closed_at, sla, reminded_at,
                                     acknowledge_overdue_at, act_overdue_at, unanswered_at, next_due_at, reference, platform_name,
                                     clarifications, act_remind_at, unanswered_due_at, question, refusal_ground)
SELECT request_id, platform_id, category, legal_basis, issued_at, acknowledge_by, act_by, remind_at,
       acknowledged_at, paused_at, paused_ms, outcome, acted_at, closed_at, sla, reminded_at,
       acknowledge_overdue_at, act_overdue_at, unanswered_at, next_due_at, reference, platform_name,
       clarifications, act_remind_at, unanswered_due_at, question, refusal_ground
FROM deadline_clocks ORDER BY rowid;
DROP TABLE deadline_clocks;
ALTER TABLE deadline_clocks_bounded RENAME TO deadline_clocks;
CREATE INDEX ix_deadline_clocks_issued ON deadline_clocks (issued_at);
CREATE INDEX ix_deadline_clocks_due ON deadline_clocks (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ix_deadline_clocks_unanswered ON deadline_clocks (issued_at) WHERE unanswered_at IS NOT NULL;
CREATE INDEX ix_deadline_clocks_statistics ON deadline_clocks (
    issued_at, platform_id, category, legal_basis, acknowledged_at, acknowledge_by, closed_at, act_by,
    outcome, refusal_ground, paused_ms, clarifications, unanswered_at);
CREATE TRIGGER deadline_clocks_stale_on_insert AFTER INSERT ON deadline_clocks
BEGIN INSERT OR IGNORE INTO statistics_stale_days (day) VALUES (NEW.issued_at / 86400000); END;
CREATE TRIGGER deadline_clocks_stale_on_update AFTER UPDATE ON deadline_clocks
BEGIN INSERT OR IGNORE INTO statistics_stale_days (day) VALUES (NEW.issued_at / 86400000); END;

CREATE TABLE publications_bounded (
    version       INTEGER NOT NULL PRIMARY KEY,
    published_at  INTEGER NOT NULL,
    published_by  TEXT    NOT NULL CHECK (length(published_by) <= 240),
    period_from   INTEGER NOT NULL,
    period_to     INTEGER NOT NULL,
    as_of         INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    csv           TEXT    NOT NULL
);
INSERT INTO publications_bounded (version, published_at, published_by, period_from, period_to, as_of, body, csv)
SELECT version, published_at, published_by, period_from, period_to, as_of, body, csv FROM publications ORDER BY version;
DROP TABLE publications;
ALTER TABLE publications_bounded RENAME TO publications;
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications BEGIN SELECT RAISE(ABORT, 'a publication is immutable'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications BEGIN SELECT RAISE(ABORT, 'a publication is immutable'); END;

CREATE TABLE statistics_days_bounded (
    platform_id                       TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    category                          TEXT    NOT NULL CHECK (length(category) <= 32),
    legal_basis                       TEXT    NOT NULL CHECK (length(legal_basis) <= 32),
    day                               INTEGER NOT NULL,
    requests                          INTEGER NOT NULL,
    acknowledged                      INTEGER NOT NULL,
    acknowledged_in_time              INTEGER NOT NULL,
    acted                             INTEGER NOT NULL,
    acted_in_time                     INTEGER NOT NULL,
    refused                           INTEGER NOT NULL,
    not_found                         INTEGER NOT NULL,
    clarifications                    INTEGER NOT NULL,
    unanswered                        INTEGER NOT NULL,
    acknowledge_seconds               BLOB    NOT NULL,
    act_seconds                       BLOB    NOT NULL,
    refused_not_illegal               INTEGER NOT NULL DEFAULT 0,
    refused_insufficient_information  INTEGER NOT NULL DEFAULT 0,
    refused_impossible                INTEGER NOT NULL DEFAULT 0,
    refused_outside_jurisdiction      INTEGER NOT NULL DEFAULT 0,
    refused_other                     INTEGER NOT NULL DEFAULT 0,
    superseded                        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, platform_id, category, legal_basis)
);
INSERT INTO statistics_days_bounded (platform_id, category, legal_basis, day, requests, acknowledged, acknowledged_in_time, acted,
                                     acted_in_time, refused, not_found, clarifications, unanswered, acknowledge_seconds, act_seconds,
                                     refused_not_illegal, refused_insufficient_information, refused_impossible,
                                     refused_outside_jurisdiction, refused_other, superseded)
SELECT platform_id, category, legal_basis, day, requests, acknowledged, acknowledged_in_time, acted,
       acted_in_time, refused, not_found, clarifications, unanswered, acknowledge_seconds, act_seconds,
       refused_not_illegal, refused_insufficient_information, refused_impossible,
       refused_outside_jurisdiction, refused_other, superseded
FROM statistics_days ORDER BY rowid;
DROP TABLE statistics_days;
ALTER TABLE statistics_days_bounded RENAME TO statistics_days;
