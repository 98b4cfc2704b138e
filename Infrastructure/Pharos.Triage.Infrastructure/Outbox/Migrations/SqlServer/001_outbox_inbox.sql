-- Outbox: messages written in the same transaction as the state change that causes them.
CREATE TABLE outbox (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    message_id    NVARCHAR(36)  NOT NULL CONSTRAINT uq_outbox_message_id UNIQUE,
    message_type  NVARCHAR(200) NOT NULL,
    body          NVARCHAR(MAX) NOT NULL,
    created_at    BIGINT NOT NULL,
    sent_at       BIGINT NULL,
    locked_until  BIGINT NULL,
    attempts      INT NOT NULL CONSTRAINT df_outbox_attempts DEFAULT 0,
    last_error    NVARCHAR(MAX) NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (id) INCLUDE (locked_until) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: the messages each consumer has handled, so that a redelivery changes nothing.
CREATE TABLE inbox (
    message_id  NVARCHAR(36)  NOT NULL,
    consumer    NVARCHAR(200) NOT NULL,
    handled_at  BIGINT NOT NULL,
    CONSTRAINT pk_inbox PRIMARY KEY (message_id, consumer)
);
CREATE INDEX ix_inbox_handled_at ON inbox (handled_at);
