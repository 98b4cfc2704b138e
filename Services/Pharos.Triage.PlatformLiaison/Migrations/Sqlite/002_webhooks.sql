-- Notices to platforms' webhooks, written in the same transaction as the fact they announce.
CREATE TABLE webhook_deliveries (
    id               TEXT    NOT NULL PRIMARY KEY,
    request_id       TEXT    NOT NULL,
    platform_id      TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    step             TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NULL,
    dispatches       INTEGER NOT NULL DEFAULT 0,
    delivered_at     INTEGER NULL,
    abandoned_at     INTEGER NULL,
    last_error       TEXT    NULL,
    -- One notice per fact: a redelivered or re-driven message finds it already there.
    CONSTRAINT uq_webhook_deliveries_fact UNIQUE (request_id, event, step)
);
-- Due (or leased) deliveries only: delivered and abandoned ones leave the index.
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Every HTTP attempt of a delivery, the quick in-process retries included: the proof of what was sent.
CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT    NOT NULL REFERENCES webhook_deliveries (id),
    dispatch     INTEGER NOT NULL,
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER NULL,
    error        TEXT    NULL
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
