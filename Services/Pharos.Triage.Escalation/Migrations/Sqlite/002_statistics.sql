-- What statistics need of each request, beside its clock.
ALTER TABLE deadline_clocks ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE deadline_clocks ADD COLUMN platform_name TEXT NOT NULL DEFAULT '';
ALTER TABLE deadline_clocks ADD COLUMN outcome_reason TEXT NULL;
ALTER TABLE deadline_clocks ADD COLUMN clarifications INTEGER NOT NULL DEFAULT 0;

-- Statistics read a period of issue times: this index holds every column they need, so a query
-- reads the index alone, in issue order, and never the table.
CREATE INDEX ix_deadline_clocks_statistics ON deadline_clocks (
    issued_at, platform_id, category, legal_basis, acknowledged_at, acknowledge_by, acted_at, act_by,
    outcome, paused_ms, clarifications, unanswered_at);

-- Publications are immutable: the exact bytes served to the public, numbered.
CREATE TABLE publications (
    version       INTEGER NOT NULL PRIMARY KEY,
    published_at  INTEGER NOT NULL,
    published_by  TEXT    NOT NULL,
    period_from   INTEGER NOT NULL,
    period_to     INTEGER NOT NULL,
    as_of         INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    csv           TEXT    NOT NULL
);
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications BEGIN SELECT RAISE(ABORT, 'a publication is immutable'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications BEGIN SELECT RAISE(ABORT, 'a publication is immutable'); END;
