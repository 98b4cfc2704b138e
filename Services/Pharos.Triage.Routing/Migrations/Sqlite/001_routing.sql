CREATE TABLE platforms (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE platform_domains (
    domain       TEXT NOT NULL PRIMARY KEY,
    platform_id  TEXT NOT NULL REFERENCES platforms (id)
);

-- One decision per report. The message it caused is kept, so that a report filed again (re-drive)
-- gets the same answer instead of a second request.
CREATE TABLE routing_decisions (
    report_id       TEXT    NOT NULL PRIMARY KEY,
    decision        TEXT    NOT NULL,
    normalized_url  TEXT    NOT NULL,
    platform_id     TEXT    NULL,
    request_id      TEXT    NULL,
    message_type    TEXT    NOT NULL,
    message_body    TEXT    NOT NULL,
    decided_at      INTEGER NOT NULL
);

-- The dedup index: one open request per normalised URL (keyed by its SHA-256, which fits any index).
CREATE TABLE open_requests (
    url_hash        BLOB    NOT NULL PRIMARY KEY,
    normalized_url  TEXT    NOT NULL,
    request_id      TEXT    NOT NULL UNIQUE,
    report_id       TEXT    NOT NULL,
    platform_id     TEXT    NOT NULL,
    issued_at       INTEGER NOT NULL
);

CREATE TABLE reference_counters (
    year        INTEGER NOT NULL PRIMARY KEY,
    last_value  INTEGER NOT NULL
);
