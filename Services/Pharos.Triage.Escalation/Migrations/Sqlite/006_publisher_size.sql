-- SQL Server's 006 widens published_by to what the code writes. SQLite's TEXT has no length: nothing changes here;
-- the sizes both providers must hold are checked by tests/Pharos.Triage.IntegrationTests/Storage/ColumnSizeTests.cs.
SELECT 1;
