-- Issue 16: each platform's webhook, set through the admin API (a platform whose webhook is in configuration has no
-- row: configuration stays its one source of truth). The secrets sign notices, so they are kept as issued: an HMAC
-- key cannot be stored as a hash. previous_secret signs alongside secret until previous_secret_until, so that a
-- receiver still holding it keeps verifying while it changes over.
CREATE TABLE platform_webhooks (
    platform_id            NVARCHAR(64)   NOT NULL CONSTRAINT pk_platform_webhooks PRIMARY KEY,
    url                    NVARCHAR(2048) NOT NULL,
    secret                 NVARCHAR(100)  NOT NULL,
    previous_secret        NVARCHAR(100)  NULL,
    previous_secret_until  BIGINT         NULL,
    set_at                 BIGINT         NOT NULL,
    set_by                 NVARCHAR(240)  NOT NULL
);

-- Every change of a webhook: who, when, what (set, rotated, removed), the URL before and after. Never a secret.
CREATE TABLE platform_webhook_changes (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_platform_webhook_changes PRIMARY KEY,
    platform_id  NVARCHAR(64)   NOT NULL,
    at           BIGINT         NOT NULL,
    actor        NVARCHAR(240)  NOT NULL,
    change       NVARCHAR(16)   NOT NULL,
    url_before   NVARCHAR(2048) NULL,
    url_after    NVARCHAR(2048) NULL
);
CREATE INDEX ix_platform_webhook_changes_platform ON platform_webhook_changes (platform_id, id);
