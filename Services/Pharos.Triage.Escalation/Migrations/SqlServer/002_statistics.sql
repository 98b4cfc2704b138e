-- What statistics need of each request, beside its clock.
ALTER TABLE deadline_clocks ADD
    reference       NVARCHAR(32)   NOT NULL CONSTRAINT df_deadline_clocks_reference DEFAULT '',
    platform_name   NVARCHAR(200)  NOT NULL CONSTRAINT df_deadline_clocks_platform_name DEFAULT '',
    outcome_reason  NVARCHAR(4000) NULL,
    clarifications  INT            NOT NULL CONSTRAINT df_deadline_clocks_clarifications DEFAULT 0;
GO
-- Statistics read a period of issue times: this index holds every column they need, so a query
-- reads the index alone, in issue order, and never the table.
CREATE INDEX ix_deadline_clocks_statistics ON deadline_clocks (issued_at)
    INCLUDE (platform_id, category, legal_basis, acknowledged_at, acknowledge_by, acted_at, act_by,
             outcome, paused_ms, clarifications, unanswered_at);

-- Publications are immutable: the exact bytes served to the public, numbered.
CREATE TABLE publications (
    version       INT            NOT NULL CONSTRAINT pk_publications PRIMARY KEY,
    published_at  BIGINT         NOT NULL,
    published_by  NVARCHAR(200)  NOT NULL,
    period_from   BIGINT         NOT NULL,
    period_to     BIGINT         NOT NULL,
    as_of         BIGINT         NOT NULL,
    body          NVARCHAR(MAX)  NOT NULL,
    csv           NVARCHAR(MAX)  NOT NULL
);
GO
CREATE TRIGGER publications_immutable ON publications INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50003, 'a publication is immutable', 1;
END;
