-- Sized to what the code writes (issue 14; tests/Pharos.Triage.IntegrationTests/Storage/ColumnSizeTests.cs).
-- A principal is "role:name", and an API key's name is "key:<prefix>:<name>": with a name of 200 characters
-- (the most a key or a token may carry) that is up to 222 characters; 240 leaves the idempotency key's primary
-- key (principal, idempotency_key) at 880 bytes, under SQL Server's 900 for a clustered key.
ALTER TABLE reports ALTER COLUMN filed_by NVARCHAR(240) NOT NULL;
GO
ALTER TABLE timeline ALTER COLUMN actor NVARCHAR(240) NOT NULL;
GO
-- A closing's detail is the outcome, the platform's reason (4000) and its ticket (200) together: more than any
-- bounded NVARCHAR holds.
ALTER TABLE timeline ALTER COLUMN detail NVARCHAR(MAX) NULL;
GO
ALTER TABLE idempotency_keys DROP CONSTRAINT pk_idempotency_keys;
GO
ALTER TABLE idempotency_keys ALTER COLUMN principal NVARCHAR(240) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE idempotency_keys ADD CONSTRAINT pk_idempotency_keys PRIMARY KEY (principal, idempotency_key);
