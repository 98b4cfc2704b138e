-- Figures per platform, category, legal basis and day of issue: counters, and every duration (whole
-- seconds, little-endian int32) so that medians over any set of days stay exact.
CREATE TABLE statistics_days (
    platform_id          NVARCHAR(64)   NOT NULL,
    category             NVARCHAR(32)   NOT NULL,
    legal_basis          NVARCHAR(32)   NOT NULL,
    day                  BIGINT         NOT NULL,
    requests             INT            NOT NULL,
    acknowledged         INT            NOT NULL,
    acknowledged_in_time INT            NOT NULL,
    acted                INT            NOT NULL,
    acted_in_time        INT            NOT NULL,
    refused              INT            NOT NULL,
    not_found            INT            NOT NULL,
    clarifications       INT            NOT NULL,
    unanswered           INT            NOT NULL,
    acknowledge_seconds  VARBINARY(MAX) NOT NULL,
    act_seconds          VARBINARY(MAX) NOT NULL,
    CONSTRAINT pk_statistics_days PRIMARY KEY (day, platform_id, category, legal_basis)
);

-- Days whose requests changed since their figures were rolled up. The trigger marks them, so no
-- change to a clock can forget to.
CREATE TABLE statistics_stale_days (day BIGINT NOT NULL CONSTRAINT pk_statistics_stale_days PRIMARY KEY);
GO
CREATE TRIGGER deadline_clocks_stale ON deadline_clocks AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO statistics_stale_days (day)
    SELECT DISTINCT i.issued_at / 86400000 FROM inserted i
    WHERE NOT EXISTS (SELECT 1 FROM statistics_stale_days s WITH (UPDLOCK, HOLDLOCK) WHERE s.day = i.issued_at / 86400000);
END;
GO
-- Refusals (for their reasons) and unanswered requests (for a publication's list) are read alone.
CREATE INDEX ix_deadline_clocks_refused ON deadline_clocks (issued_at) INCLUDE (platform_id, category, legal_basis, outcome_reason) WHERE outcome = 'refused';
CREATE INDEX ix_deadline_clocks_unanswered ON deadline_clocks (issued_at) WHERE unanswered_at IS NOT NULL;
