-- Issue 16: what this service knows of each platform's record, from the PlatformChanged messages of Routing, which
-- owns the records (and leaves this table empty in its own database). One row a platform, the highest version seen:
-- the record itself as JSON, since no query here looks inside it.
CREATE TABLE platform_directory (
    platform_id  TEXT    NOT NULL PRIMARY KEY CHECK (length(platform_id) <= 40),
    version      INTEGER NOT NULL,
    name         TEXT    NOT NULL CHECK (length(name) <= 100),
    record       TEXT    NOT NULL,
    changed_at   INTEGER NOT NULL
);
