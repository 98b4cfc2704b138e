-- Issue 16: platforms are data Routing owns, changed by admins through /api/admin/platforms without a release.
-- A platform's record gains its contact person, its escalation contact and the languages it accepts (codes, comma-
-- separated), its own version (each change adds one; PlatformChanged carries it), the version last announced through
-- the outbox, and who changed it last. Every change is kept in platform_changes (before and after, as JSON); its id
-- comes from catalogue_version, which each change takes one from under a row lock: the ids follow the commits, so an
-- instance that read the catalogue at one version misses no change committed before it.

ALTER TABLE platforms ADD
    contact_name      NVARCHAR(100) NULL,
    contact_email     NVARCHAR(254) NULL,
    contact_phone     NVARCHAR(32)  NULL,
    escalation_name   NVARCHAR(100) NULL,
    escalation_email  NVARCHAR(254) NULL,
    escalation_phone  NVARCHAR(32)  NULL,
    languages         NVARCHAR(150) NOT NULL CONSTRAINT df_platforms_languages DEFAULT N'',
    version           BIGINT NOT NULL CONSTRAINT df_platforms_version DEFAULT 0,
    announced_version BIGINT NOT NULL CONSTRAINT df_platforms_announced_version DEFAULT 0,
    updated_at        BIGINT NOT NULL CONSTRAINT df_platforms_updated_at DEFAULT 0,
    updated_by        NVARCHAR(240) NOT NULL CONSTRAINT df_platforms_updated_by DEFAULT N'migration';

CREATE TABLE platform_changes (
    id           BIGINT        NOT NULL CONSTRAINT pk_platform_changes PRIMARY KEY,
    platform_id  NVARCHAR(64)  NOT NULL CONSTRAINT fk_platform_changes_platform REFERENCES platforms (id),
    version      BIGINT        NOT NULL,
    changed_at   BIGINT        NOT NULL,
    changed_by   NVARCHAR(240) NOT NULL,
    before_json  NVARCHAR(MAX) NULL,
    after_json   NVARCHAR(MAX) NOT NULL,
    CONSTRAINT uq_platform_changes_version UNIQUE (platform_id, version)
);

-- One row: the id of the last change, which is the catalogue's version.
CREATE TABLE catalogue_version (
    id       INT    NOT NULL CONSTRAINT pk_catalogue_version PRIMARY KEY,
    version  BIGINT NOT NULL
);
GO
-- The platforms API.md seeds are rows like any other: inserted where missing (a database of an earlier version has them
-- already, put there at start by the code this script replaces), each at version 1 by `migration`, with its audit row.
-- Their announced_version stays 0: each instance's start announces them once (PlatformChanged), whichever claims it.
INSERT INTO platforms (id, name, created_at)
SELECT s.id, s.name, DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01' AS DATETIME2), SYSUTCDATETIME())
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

UPDATE platforms SET version = 1, updated_at = DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01' AS DATETIME2), SYSUTCDATETIME()), updated_by = 'migration'
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
