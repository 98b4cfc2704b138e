CREATE TABLE reports (
    id                 TEXT    NOT NULL PRIMARY KEY,
    url                TEXT    NOT NULL,
    normalized_url     TEXT    NULL,
    category           TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    observed_at        INTEGER NULL,
    evidence_sha256    TEXT    NULL,
    case_reference     TEXT    NULL,
    urgent             INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    received_at        INTEGER NOT NULL,
    filed_by           TEXT    NOT NULL,
    duplicate_of       TEXT    NULL,
    forwarded_to       TEXT    NULL,
    platform_id        TEXT    NULL,
    platform_name      TEXT    NULL,
    request_id         TEXT    NULL,
    last_published_at  INTEGER NOT NULL
);
CREATE INDEX ix_reports_received_at ON reports (received_at DESC, id DESC);
CREATE INDEX ix_reports_stuck ON reports (last_published_at) WHERE status = 'received';
CREATE INDEX ix_reports_request ON reports (request_id) WHERE request_id IS NOT NULL;

-- The requests behind reports, projected from PlatformLiaison's and Escalation's events.
CREATE TABLE requests (
    id               TEXT    NOT NULL PRIMARY KEY,
    reference        TEXT    NOT NULL,
    platform_id      TEXT    NOT NULL,
    platform_name    TEXT    NOT NULL,
    legal_basis      TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    sla              TEXT    NOT NULL,
    issued_at        INTEGER NOT NULL,
    acknowledge_by   INTEGER NOT NULL,
    act_by           INTEGER NOT NULL,
    acknowledged_at  INTEGER NULL,
    outcome          TEXT    NULL,
    closed_at        INTEGER NULL
);

-- Append-only: the proof of who did what and when. event_key makes each fact appear once.
CREATE TABLE timeline (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  TEXT    NOT NULL REFERENCES reports (id),
    at         INTEGER NOT NULL,
    event      TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    detail     TEXT    NULL,
    event_key  TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_timeline_event ON timeline (report_id, event_key);

CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;
