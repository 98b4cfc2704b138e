-- Issue 16, a platform's self-service for its webhook: its deliveries by status, a redelivery of one, a ping (see the
-- SQL Server twin for the columns). SQLite cannot make a column nullable in place: webhook_deliveries is rebuilt, and
-- webhook_attempts with it, as 006_column_limits does and says why. "One notice per fact" becomes a partial unique
-- index, as on SQL Server (where a UNIQUE constraint would let one NULL in).
CREATE TABLE webhook_deliveries_self_service (
    id                        TEXT    NOT NULL PRIMARY KEY CHECK (length(id) <= 36),
    request_id                TEXT    NULL     CHECK (length(request_id) <= 36),
    platform_id               TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    event                     TEXT    NOT NULL CHECK (length(event) <= 32),
    step                      TEXT    NOT NULL CHECK (length(step) <= 64),
    body                      TEXT    NOT NULL,
    created_at                INTEGER NOT NULL,
    next_attempt_at           INTEGER NULL,
    dispatches                INTEGER NOT NULL DEFAULT 0,
    delivered_at              INTEGER NULL,
    abandoned_at              INTEGER NULL,
    last_error                TEXT    NULL     CHECK (length(last_error) <= 2000),
    status                    TEXT    NOT NULL DEFAULT 'pending' CHECK (length(status) <= 16),
    dispatches_at_redelivery  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO webhook_deliveries_self_service (id, request_id, platform_id, event, step, body, created_at, next_attempt_at, dispatches,
                                             delivered_at, abandoned_at, last_error, status)
SELECT id, request_id, platform_id, event, step, body, created_at, next_attempt_at, dispatches, delivered_at, abandoned_at, last_error,
       CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN last_error IS NOT NULL THEN 'failed' ELSE 'pending' END
FROM webhook_deliveries ORDER BY rowid;

CREATE TABLE webhook_attempts_self_service (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT    NOT NULL REFERENCES webhook_deliveries_self_service (id) CHECK (length(delivery_id) <= 36),
    dispatch     INTEGER NOT NULL,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER NULL,
    error        TEXT    NULL     CHECK (length(error) <= 2000)
);
INSERT INTO webhook_attempts_self_service (id, delivery_id, dispatch, attempt, at, duration_ms, status_code, error)
SELECT id, delivery_id, dispatch, attempt, at, duration_ms, status_code, error FROM webhook_attempts ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'webhook_attempts_self_service';
INSERT INTO sqlite_sequence (name, seq) SELECT 'webhook_attempts_self_service', seq FROM sqlite_sequence WHERE name = 'webhook_attempts';

DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_self_service RENAME TO webhook_deliveries;
ALTER TABLE webhook_attempts_self_service RENAME TO webhook_attempts;
CREATE UNIQUE INDEX ux_webhook_deliveries_fact ON webhook_deliveries (request_id, event, step) WHERE request_id IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_platform_due ON webhook_deliveries (platform_id, next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
-- A platform's deliveries, newest first: all of them, or those of one status.
CREATE INDEX ix_webhook_deliveries_platform ON webhook_deliveries (platform_id, created_at, id);
CREATE INDEX ix_webhook_deliveries_platform_status ON webhook_deliveries (platform_id, status, created_at, id);

-- Who asked for each redelivery, and when: the attempts that follow are in webhook_attempts.
CREATE TABLE webhook_redeliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   TEXT    NOT NULL REFERENCES webhook_deliveries (id) CHECK (length(delivery_id) <= 36),
    requested_at  INTEGER NOT NULL,
    requested_by  TEXT    NOT NULL CHECK (length(requested_by) <= 240)
);
CREATE INDEX ix_webhook_redeliveries_delivery ON webhook_redeliveries (delivery_id, id);
