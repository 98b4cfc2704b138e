-- Issue 14: SQLite declares the sizes SQL Server declares, so that a value one provider refuses the other refuses too
-- (tests/Pharos.Triage.IntegrationTests/Storage/SchemaComparisonTests.cs measures both). NVARCHAR(n) holds n
-- characters and length() counts the characters of a TEXT value; only a character outside the BMP (an emoji) differs:
-- one here, two UTF-16 units there, which no CHECK can count. The validators count UTF-16 units, as SQL Server does.
--
-- SQLite cannot add a constraint to a table: each table is rebuilt (https://sqlite.org/lang_altertable.html#otheralter)
-- within this script's transaction: a new table with the limits, the rows copied in their order, the old table dropped,
-- the new one renamed, its indexes made again. AUTOINCREMENT goes on from where the old table left it, not from its
-- last remaining row. A row too long for its column, which only SQLite could have kept, fails the script, which then
-- changes nothing: the operator sees which limit, rather than the migration cutting a value.
CREATE TABLE outbox_bounded (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id    TEXT    NOT NULL UNIQUE CHECK (length(message_id) <= 36),
    message_type  TEXT    NOT NULL CHECK (length(message_type) <= 200),
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER NULL,
    locked_until  INTEGER NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NULL,
    awaiting      TEXT    NULL,
    resend_at     INTEGER NULL,
    sends         INTEGER NOT NULL DEFAULT 0,
    unsendable    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_bounded (id, message_id, message_type, body, created_at, sent_at, locked_until, attempts, last_error,
                            awaiting, resend_at, sends, unsendable)
SELECT id, message_id, message_type, body, created_at, sent_at, locked_until, attempts, last_error,
       awaiting, resend_at, sends, unsendable
FROM outbox ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'outbox_bounded';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_bounded', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_bounded RENAME TO outbox;
CREATE INDEX ix_outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX ix_outbox_resend_at ON outbox (resend_at) WHERE resend_at IS NOT NULL;
CREATE INDEX ix_outbox_unsendable ON outbox (id) WHERE unsendable = 1;

CREATE TABLE inbox_bounded (
    message_id  TEXT    NOT NULL CHECK (length(message_id) <= 36),
    consumer    TEXT    NOT NULL CHECK (length(consumer) <= 200),
    handled_at  INTEGER NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
INSERT INTO inbox_bounded (message_id, consumer, handled_at)
SELECT message_id, consumer, handled_at FROM inbox ORDER BY rowid;
DROP TABLE inbox;
ALTER TABLE inbox_bounded RENAME TO inbox;
CREATE INDEX ix_inbox_handled_at ON inbox (handled_at);
