-- Issue 16: platforms are data Routing owns, changed by admins through /api/admin/platforms without a release.
-- A platform's record gains its contact person, its escalation contact and the languages it accepts (codes, comma-
-- separated), its own version (each change adds one; PlatformChanged carries it), the version last announced through
-- the outbox, and who changed it last. Every change is kept in platform_changes (before and after, as JSON); its id
-- comes from catalogue_version, which each change takes one from under a row lock: the ids follow the commits, so an
-- instance that read the catalogue at one version misses no change committed before it.

ALTER TABLE platforms ADD COLUMN contact_name      TEXT    NULL CHECK (length(contact_name) <= 100);
ALTER TABLE platforms ADD COLUMN contact_email     TEXT    NULL CHECK (length(contact_email) <= 254);
ALTER TABLE platforms ADD COLUMN contact_phone     TEXT    NULL CHECK (length(contact_phone) <= 32);
ALTER TABLE platforms ADD COLUMN escalation_name   TEXT    NULL CHECK (length(escalation_name) <= 100);
ALTER TABLE platforms ADD COLUMN escalation_email  TEXT    NULL CHECK (length(escalation_email) <= 254);
ALTER TABLE platforms ADD COLUMN escalation_phone  TEXT    NULL CHECK (length(escalation_phone) <= 32);
ALTER TABLE platforms ADD COLUMN languages         TEXT    NOT NULL DEFAULT '' CHECK (length(languages) <= 150);
ALTER TABLE platforms ADD COLUMN version           INTEGER NOT NULL DEFAULT 0;
ALTER TABLE platforms ADD COLUMN announced_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE platforms ADD COLUMN updated_at        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE platforms ADD COLUMN updated_by        TEXT    NOT NULL DEFAULT 'migration' CHECK (length(updated_by) <= 240);

CREATE TABLE platform_changes (
    id           INTEGER NOT NULL PRIMARY KEY,
    platform_id  TEXT    NOT NULL REFERENCES platforms (id) CHECK (length(platform_id) <= 64),
    version      INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL,
    changed_by   TEXT    NOT NULL CHECK (length(changed_by) <= 240),
    before_json  TEXT    NULL,
    after_json   TEXT    NOT NULL,
    UNIQUE (platform_id, version)
);

-- One row: the id of the last change, which is the catalogue's version.
CREATE TABLE catalogue_version (
    id       INTEGER NOT NULL PRIMARY KEY,
    version  INTEGER NOT NULL
);

-- The platforms API.md seeds are rows like any other: inserted where missing (a database of an earlier version has them
-- already, put there at start by the code this script replaces), each at version 1 by `migration`, with its audit row.
-- Their announced_version stays 0: each instance's start announces them once (PlatformChanged), whichever claims it.
INSERT INTO platforms (id, name, created_at)
SELECT s.id, s.name, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
FROM (
    SELECT 'facebook' AS id, 'Facebook' AS name
    UNION ALL SELECT 'instagram', 'Instagram'
    UNION ALL SELECT 'youtube', 'YouTube'
    UNION ALL SELECT 'x', 'X'
    UNION ALL SELECT 'tiktok', 'TikTok'
    UNION ALL SELECT 'snapchat', 'Snapchat'
    UNION ALL SELECT 'telegram', 'Telegram'
    UNION ALL SELECT 'microsoft', 'Microsoft'
    UNION ALL SELECT 'apple', 'Apple'
) AS s
WHERE NOT EXISTS (SELECT 1 FROM platforms AS p WHERE p.id = s.id);

INSERT INTO platform_domains (domain, platform_id)
SELECT s.domain, s.platform_id
FROM (
    SELECT 'facebook.com' AS domain, 'facebook' AS platform_id
    UNION ALL SELECT 'fb.com', 'facebook'
    UNION ALL SELECT 'fb.watch', 'facebook'
    UNION ALL SELECT 'instagram.com', 'instagram'
    UNION ALL SELECT 'youtube.com', 'youtube'
    UNION ALL SELECT 'youtu.be', 'youtube'
    UNION ALL SELECT 'x.com', 'x'
    UNION ALL SELECT 'twitter.com', 'x'
    UNION ALL SELECT 't.co', 'x'
    UNION ALL SELECT 'tiktok.com', 'tiktok'
    UNION ALL SELECT 'snapchat.com', 'snapchat'
    UNION ALL SELECT 't.me', 'telegram'
    UNION ALL SELECT 'telegram.me', 'telegram'
    UNION ALL SELECT 'telegram.org', 'telegram'
    UNION ALL SELECT 'bing.com', 'microsoft'
    UNION ALL SELECT 'onedrive.live.com', 'microsoft'
    UNION ALL SELECT 'icloud.com', 'apple'
    UNION ALL SELECT 'podcasts.apple.com', 'apple'
) AS s
WHERE NOT EXISTS (SELECT 1 FROM platform_domains AS d WHERE d.domain = s.domain);

UPDATE platforms SET version = 1, updated_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), updated_by = 'migration'
WHERE id IN ('facebook', 'instagram', 'youtube', 'x', 'tiktok', 'snapchat', 'telegram', 'microsoft', 'apple') AND version = 0;

-- The record as each seeded platform stands now, in the shape the admin API and the audit keep it (domains in order).
INSERT INTO platform_changes (id, platform_id, version, changed_at, changed_by, before_json, after_json)
SELECT s.id, s.platform_id, 1, p.updated_at, 'migration', NULL, s.after_json
FROM (
    SELECT 1 AS id, 'facebook' AS platform_id, '{"id":"facebook","name":"Facebook","domains":["facebook.com","fb.com","fb.watch"],"contact":null,"escalationContact":null,"languages":[]}' AS after_json
    UNION ALL SELECT 2, 'instagram', '{"id":"instagram","name":"Instagram","domains":["instagram.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 3, 'youtube', '{"id":"youtube","name":"YouTube","domains":["youtu.be","youtube.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 4, 'x', '{"id":"x","name":"X","domains":["t.co","twitter.com","x.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 5, 'tiktok', '{"id":"tiktok","name":"TikTok","domains":["tiktok.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 6, 'snapchat', '{"id":"snapchat","name":"Snapchat","domains":["snapchat.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 7, 'telegram', '{"id":"telegram","name":"Telegram","domains":["t.me","telegram.me","telegram.org"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 8, 'microsoft', '{"id":"microsoft","name":"Microsoft","domains":["bing.com","onedrive.live.com"],"contact":null,"escalationContact":null,"languages":[]}'
    UNION ALL SELECT 9, 'apple', '{"id":"apple","name":"Apple","domains":["icloud.com","podcasts.apple.com"],"contact":null,"escalationContact":null,"languages":[]}'
) AS s
INNER JOIN platforms AS p ON p.id = s.platform_id;

INSERT INTO catalogue_version (id, version) SELECT 1, COALESCE(MAX(id), 0) FROM platform_changes;
