-- SQL Server's 004 widens created_by and revoked_by to the longest actor an admin has (240), and SQLite declares the
-- same: api_keys is rebuilt as 003 rebuilt it (Infrastructure's 003_column_limits says why and how), with 240 for the
-- two. It has no AUTOINCREMENT counter, index, trigger or foreign key beyond its inline keys, made again with it.
CREATE TABLE api_keys_widened (
    id            TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    prefix        TEXT    NOT NULL UNIQUE CHECK (length(prefix) <= 16),
    secret_hash   BLOB    NOT NULL CHECK (length(secret_hash) <= 32),
    name          TEXT    NOT NULL CHECK (length(name) <= 200),
    role          TEXT    NOT NULL CHECK (length(role) <= 16),
    platform_id   TEXT    NULL     CHECK (length(platform_id) <= 64),
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL CHECK (length(created_by) <= 240),
    revoked_at    INTEGER NULL,
    revoked_by    TEXT    NULL     CHECK (length(revoked_by) <= 240),
    last_used_at  INTEGER NULL
);
INSERT INTO api_keys_widened (id, prefix, secret_hash, name, role, platform_id, created_at, created_by, revoked_at, revoked_by, last_used_at)
SELECT id, prefix, secret_hash, name, role, platform_id, created_at, created_by, revoked_at, revoked_by, last_used_at
FROM api_keys ORDER BY rowid;
DROP TABLE api_keys;
ALTER TABLE api_keys_widened RENAME TO api_keys;
