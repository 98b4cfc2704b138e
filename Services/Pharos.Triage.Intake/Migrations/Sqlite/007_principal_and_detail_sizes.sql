-- SQL Server's 007 widens filed_by, timeline actor and detail and the idempotency principal to what the code
-- writes. SQLite's TEXT has no length: nothing changes here; the sizes both providers must hold are checked by
-- tests/Pharos.Triage.IntegrationTests/Storage/ColumnSizeTests.cs against what the code stores.
SELECT 1;
