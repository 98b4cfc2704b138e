-- Issue 14: api_keys declares the sizes SQL Server declares, as access_log has since 002 (length() counts characters,
-- as NVARCHAR(n) does, and the bytes of a BLOB, as VARBINARY(n) does), the table rebuilt as Infrastructure's
-- 003_column_limits says why and how. created_by and revoked_by take 240, the size SQL Server's 004 widens them to:
-- a database holding a longer admin actor from before must not be stopped here by a limit 004 lifts.
CREATE TABLE api_keys_bounded (
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
INSERT INTO api_keys_bounded (id, prefix, secret_hash, name, role, platform_id, created_at, created_by, revoked_at, revoked_by, last_used_at)
SELECT id, prefix, secret_hash, name, role, platform_id, created_at, created_by, revoked_at, revoked_by, last_used_at
FROM api_keys ORDER BY rowid;
DROP TABLE api_keys;
ALTER TABLE api_keys_bounded RENAME TO api_keys;
