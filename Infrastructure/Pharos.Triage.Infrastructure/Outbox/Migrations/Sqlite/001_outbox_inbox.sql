-- Outbox: messages written in the same transaction as the state change that causes them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id    TEXT    NOT NULL UNIQUE,
    message_type  TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER NULL,
    locked_until  INTEGER NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: the messages each consumer has handled, so that a redelivery changes nothing.
CREATE TABLE inbox (
    message_id  TEXT    NOT NULL,
    consumer    TEXT    NOT NULL,
    handled_at  INTEGER NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
CREATE INDEX ix_inbox_handled_at ON inbox (handled_at);
