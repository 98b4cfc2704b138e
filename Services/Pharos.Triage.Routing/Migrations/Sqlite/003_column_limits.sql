-- Issue 14: the sizes SQL Server declares, declared here too (length() counts characters, as NVARCHAR(n) does, and the
-- bytes of a BLOB, as BINARY(n) does), each table rebuilt as Infrastructure's 003_column_limits says why and how.
-- reference_counters holds no text and stays as it is.
--
-- platform_domains refers to platforms. Foreign keys are on (ServiceDatabase) and cannot be turned off inside a
-- transaction, so the new platform_domains refers to the new platforms, the old platform_domains goes before the old
-- platforms (which nothing refers to any more, so dropping it deletes no row it would have to check), and renaming the
-- new platforms carries the reference.
CREATE TABLE platforms_bounded (
    id          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 64),
    name        TEXT    NOT NULL CHECK (length(name) <= 200),
    created_at  INTEGER NOT NULL
);
INSERT INTO platforms_bounded (id, name, created_at) SELECT id, name, created_at FROM platforms ORDER BY rowid;

CREATE TABLE platform_domains_bounded (
    domain       TEXT NOT NULL PRIMARY KEY CHECK (length(domain) <= 253),
    platform_id  TEXT NOT NULL REFERENCES platforms_bounded (id) CHECK (length(platform_id) <= 64)
);
INSERT INTO platform_domains_bounded (domain, platform_id) SELECT domain, platform_id FROM platform_domains ORDER BY rowid;

DROP TABLE platform_domains;
DROP TABLE platforms;
ALTER TABLE platforms_bounded RENAME TO platforms;
ALTER TABLE platform_domains_bounded RENAME TO platform_domains;

CREATE TABLE routing_decisions_bounded (
    report_id       TEXT    NOT NULL PRIMARY KEY CHECK (length(report_id) <= 36),
    decision        TEXT    NOT NULL CHECK (length(decision) <= 20),
    normalized_url  TEXT    NOT NULL CHECK (length(normalized_url) <= 2048),
    platform_id     TEXT    NULL     CHECK (length(platform_id) <= 64),
    request_id      TEXT    NULL     CHECK (length(request_id) <= 36),
    message_type    TEXT    NOT NULL CHECK (length(message_type) <= 200),
    message_body    TEXT    NOT NULL,
    decided_at      INTEGER NOT NULL,
    superseded_body TEXT    NULL
);
INSERT INTO routing_decisions_bounded (report_id, decision, normalized_url, platform_id, request_id, message_type, message_body,
                                       decided_at, superseded_body)
SELECT report_id, decision, normalized_url, platform_id, request_id, message_type, message_body, decided_at, superseded_body
FROM routing_decisions ORDER BY rowid;
DROP TABLE routing_decisions;
ALTER TABLE routing_decisions_bounded RENAME TO routing_decisions;

CREATE TABLE open_requests_bounded (
    url_hash        BLOB    NOT NULL PRIMARY KEY CHECK (length(url_hash) <= 32),
    normalized_url  TEXT    NOT NULL CHECK (length(normalized_url) <= 2048),
    request_id      TEXT    NOT NULL UNIQUE CHECK (length(request_id) <= 36),
    report_id       TEXT    NOT NULL CHECK (length(report_id) <= 36),
    platform_id     TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    issued_at       INTEGER NOT NULL,
    legal_basis     TEXT    NULL     CHECK (length(legal_basis) <= 32)
);
INSERT INTO open_requests_bounded (url_hash, normalized_url, request_id, report_id, platform_id, issued_at, legal_basis)
SELECT url_hash, normalized_url, request_id, report_id, platform_id, issued_at, legal_basis FROM open_requests ORDER BY rowid;
DROP TABLE open_requests;
ALTER TABLE open_requests_bounded RENAME TO open_requests;
