-- Sized to what the code writes (issue 14; tests/Pharos.Triage.IntegrationTests/Storage/ColumnSizeTests.cs): a key's
-- created_by and revoked_by are the actor of the admin who issued or revoked it, "role:name", and an API key's name is
-- "key:<prefix>:<name>": "admin:key:<prefix>:<name>" is 219 characters for a name of 200 (PharosClaims.MaxNameLength).
-- 240, as Intake's filed_by and timeline actor and Escalation's published_by.
ALTER TABLE api_keys ALTER COLUMN created_by NVARCHAR(240) NOT NULL;
GO
ALTER TABLE api_keys ALTER COLUMN revoked_by NVARCHAR(240) NULL;
