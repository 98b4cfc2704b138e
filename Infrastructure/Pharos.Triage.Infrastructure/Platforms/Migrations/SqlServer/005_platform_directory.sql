-- Issue 16: what this service knows of each platform's record, from the PlatformChanged messages of Routing, which
-- owns the records (and leaves this table empty in its own database). One row a platform, the highest version seen:
-- the record itself as JSON, since no query here looks inside it.
CREATE TABLE platform_directory (
    platform_id  NVARCHAR(40)  NOT NULL CONSTRAINT pk_platform_directory PRIMARY KEY,
    version      BIGINT        NOT NULL,
    name         NVARCHAR(100) NOT NULL,
    record       NVARCHAR(MAX) NOT NULL,
    changed_at   BIGINT        NOT NULL
);
