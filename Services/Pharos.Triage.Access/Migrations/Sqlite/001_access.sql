-- API keys: only a hash of the secret is kept; the token is shown once, when it is issued.
CREATE TABLE api_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    prefix        TEXT    NOT NULL UNIQUE,
    secret_hash   BLOB    NOT NULL,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    platform_id   TEXT    NULL,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    revoked_at    INTEGER NULL,
    revoked_by    TEXT    NULL,
    last_used_at  INTEGER NULL
);

-- Who consulted or changed what, when, from where: append-only, kept for the retention period.
CREATE TABLE access_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    principal    TEXT    NULL,
    role         TEXT    NULL,
    method       TEXT    NOT NULL,
    route        TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    remote       TEXT    NULL
);
CREATE INDEX ix_access_log_at ON access_log (at);
CREATE INDEX ix_access_log_principal ON access_log (principal, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
