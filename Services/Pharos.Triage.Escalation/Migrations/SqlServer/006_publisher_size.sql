-- Sized to what the code writes (issue 14; tests/Pharos.Triage.IntegrationTests/Storage/ColumnSizeTests.cs): the
-- publisher is a principal, "role:name", and an API key's name is "key:<prefix>:<name>": up to 222 characters for a
-- name of 200. 240, as Intake's filed_by and timeline actor.
ALTER TABLE publications ALTER COLUMN published_by NVARCHAR(240) NOT NULL;
