-- Notices to platforms' webhooks, written in the same transaction as the fact they announce.
CREATE TABLE webhook_deliveries (
    id               NVARCHAR(36)  NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    request_id       NVARCHAR(36)  NOT NULL,
    platform_id      NVARCHAR(64)  NOT NULL,
    event            NVARCHAR(32)  NOT NULL,
    step             NVARCHAR(64)  NOT NULL,
    body             NVARCHAR(MAX) NOT NULL,
    created_at       BIGINT NOT NULL,
    next_attempt_at  BIGINT NULL,
    dispatches       INT NOT NULL CONSTRAINT df_webhook_deliveries_dispatches DEFAULT 0,
    delivered_at     BIGINT NULL,
    abandoned_at     BIGINT NULL,
    last_error       NVARCHAR(2000) NULL,
    -- One notice per fact: a redelivered or re-driven message finds it already there.
    CONSTRAINT uq_webhook_deliveries_fact UNIQUE (request_id, event, step)
);
-- Due (or leased) deliveries only: delivered and abandoned ones leave the index.
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) INCLUDE (platform_id) WHERE next_attempt_at IS NOT NULL;

-- Every HTTP attempt of a delivery, the quick in-process retries included: the proof of what was sent.
CREATE TABLE webhook_attempts (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_webhook_attempts PRIMARY KEY,
    delivery_id  NVARCHAR(36) NOT NULL CONSTRAINT fk_webhook_attempts_delivery REFERENCES webhook_deliveries (id),
    dispatch     INT NOT NULL,
    attempt      INT NOT NULL,
    at           BIGINT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    status_code  INT NULL,
    error        NVARCHAR(2000) NULL
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
