-- Issue 16: each platform's webhook, set through the admin API (a platform whose webhook is in configuration has no
-- row: configuration stays its one source of truth). The secrets sign notices, so they are kept as issued: an HMAC
-- key cannot be stored as a hash. previous_secret signs alongside secret until previous_secret_until, so that a
-- receiver still holding it keeps verifying while it changes over. Sizes as SQL Server's 007 declares them.
CREATE TABLE platform_webhooks (
    platform_id            TEXT    NOT NULL PRIMARY KEY CHECK (length(platform_id) <= 64),
    url                    TEXT    NOT NULL CHECK (length(url) <= 2048),
    secret                 TEXT    NOT NULL CHECK (length(secret) <= 100),
    previous_secret        TEXT    NULL     CHECK (length(previous_secret) <= 100),
    previous_secret_until  INTEGER NULL,
    set_at                 INTEGER NOT NULL,
    set_by                 TEXT    NOT NULL CHECK (length(set_by) <= 240)
);

-- Every change of a webhook: who, when, what (set, rotated, removed), the URL before and after. Never a secret.
CREATE TABLE platform_webhook_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id  TEXT    NOT NULL CHECK (length(platform_id) <= 64),
    at           INTEGER NOT NULL,
    actor        TEXT    NOT NULL CHECK (length(actor) <= 240),
    change       TEXT    NOT NULL CHECK (length(change) <= 16),
    url_before   TEXT    NULL     CHECK (length(url_before) <= 2048),
    url_after    TEXT    NULL     CHECK (length(url_after) <= 2048)
);
CREATE INDEX ix_platform_webhook_changes_platform ON platform_webhook_changes (platform_id, id);
