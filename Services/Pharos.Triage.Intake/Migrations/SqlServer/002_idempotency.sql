-- The first answer to each Idempotency-Key, per principal, kept for a retention period so that a retry
-- gets it again instead of filing twice. Keys compare exactly (binary collation): "abc" is not "ABC".
CREATE TABLE idempotency_keys (
    principal        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    idempotency_key  NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    request_hash     CHAR(64)      NOT NULL,
    report_id        NVARCHAR(36)  NOT NULL,
    response_body    NVARCHAR(MAX) NOT NULL,
    created_at       BIGINT        NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
