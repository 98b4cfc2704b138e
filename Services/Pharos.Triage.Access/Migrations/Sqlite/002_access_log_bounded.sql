-- The access log's text columns hold what SQL Server's hold (AccessLogColumns; the writer cuts a longer
-- value and ends it with a marker). SQLite's TEXT had no limit, so one entry could be kept here and
-- refused there. SQLite cannot add a constraint to a table: the table is rebuilt, with its rows.
CREATE TABLE access_log_bounded (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    principal    TEXT    NULL     CHECK (length(principal) <= 200),
    role         TEXT    NULL     CHECK (length(role) <= 16),
    method       TEXT    NOT NULL CHECK (length(method) <= 10),
    route        TEXT    NOT NULL CHECK (length(route) <= 200),
    path         TEXT    NOT NULL CHECK (length(path) <= 2048),
    status       INTEGER NOT NULL,
    remote       TEXT    NULL     CHECK (length(remote) <= 64)
);
INSERT INTO access_log_bounded (id, at, principal, role, method, route, path, status, remote)
SELECT id, at,
       CASE WHEN length(principal) > 200 THEN substr(principal, 1, 199) || '…' ELSE principal END,
       CASE WHEN length(role) > 16 THEN substr(role, 1, 15) || '…' ELSE role END,
       CASE WHEN length(method) > 10 THEN substr(method, 1, 9) || '…' ELSE method END,
       CASE WHEN length(route) > 200 THEN substr(route, 1, 199) || '…' ELSE route END,
       CASE WHEN length(path) > 2048 THEN substr(path, 1, 2047) || '…' ELSE path END,
       status,
       CASE WHEN length(remote) > 64 THEN substr(remote, 1, 63) || '…' ELSE remote END
FROM access_log ORDER BY id;
DROP TABLE access_log;
ALTER TABLE access_log_bounded RENAME TO access_log;
CREATE INDEX ix_access_log_at ON access_log (at);
CREATE INDEX ix_access_log_principal ON access_log (principal, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
