-- Figures per platform, category, legal basis and day of issue: counters, and every duration (whole
-- seconds, little-endian int32) so that medians over any set of days stay exact.
CREATE TABLE statistics_days (
    platform_id          TEXT    NOT NULL,
    category             TEXT    NOT NULL,
    legal_basis          TEXT    NOT NULL,
    day                  INTEGER NOT NULL,
    requests             INTEGER NOT NULL,
    acknowledged         INTEGER NOT NULL,
    acknowledged_in_time INTEGER NOT NULL,
    acted                INTEGER NOT NULL,
    acted_in_time        INTEGER NOT NULL,
    refused              INTEGER NOT NULL,
    not_found            INTEGER NOT NULL,
    clarifications       INTEGER NOT NULL,
    unanswered           INTEGER NOT NULL,
    acknowledge_seconds  BLOB    NOT NULL,
    act_seconds          BLOB    NOT NULL,
    PRIMARY KEY (day, platform_id, category, legal_basis)
);

-- Days whose requests changed since their figures were rolled up. The triggers mark them, so no
-- change to a clock can forget to.
CREATE TABLE statistics_stale_days (day INTEGER NOT NULL PRIMARY KEY);
CREATE TRIGGER deadline_clocks_stale_on_insert AFTER INSERT ON deadline_clocks
BEGIN INSERT OR IGNORE INTO statistics_stale_days (day) VALUES (NEW.issued_at / 86400000); END;
CREATE TRIGGER deadline_clocks_stale_on_update AFTER UPDATE ON deadline_clocks
BEGIN INSERT OR IGNORE INTO statistics_stale_days (day) VALUES (NEW.issued_at / 86400000); END;

-- Refusals (for their reasons) and unanswered requests (for a publication's list) are read alone.
CREATE INDEX ix_deadline_clocks_refused ON deadline_clocks (issued_at, platform_id, category, legal_basis, outcome_reason) WHERE outcome = 'refused';
CREATE INDEX ix_deadline_clocks_unanswered ON deadline_clocks (issued_at) WHERE unanswered_at IS NOT NULL;
