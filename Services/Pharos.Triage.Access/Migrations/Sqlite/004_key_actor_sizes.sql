-- SQL Server's 004 widens created_by and revoked_by to the longest actor an admin has (240). SQLite's 003, which
-- first declared limits here, already gives them 240 (it was written after the widening was found, so that no
-- database holding a long actor from before 003 is stopped by a limit 004 would lift): nothing changes here.
SELECT 1;
