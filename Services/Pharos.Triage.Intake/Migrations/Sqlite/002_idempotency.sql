-- The first answer to each Idempotency-Key, per principal, kept for a retention period so that a retry
-- gets it again instead of filing twice.
CREATE TABLE idempotency_keys (
    principal        TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    report_id        TEXT    NOT NULL,
    response_body    TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
