-- The PharosTriage database: one schema per service, and one login per service whose user has that
-- schema as DEFAULT_SCHEMA (the migration scripts create unqualified tables, so they land there) and
-- rights on that schema only.
--
-- Beside them, the access store (API keys and the access log), which all four services share: the
-- schema `access` and its own login `pharos_access`, which every service host uses for
-- ConnectionStrings:Access. The service logins get nothing on `access`, and `pharos_access` nothing
-- outside it.
--
-- Run with sqlcmd as a sysadmin, the passwords given as scripting variables:
--   sqlcmd -b -i init.sql -v INTAKE_DB_PASSWORD=... ROUTING_DB_PASSWORD=... LIAISON_DB_PASSWORD=... ESCALATION_DB_PASSWORD=... ACCESS_DB_PASSWORD=...
-- They are pasted into N'...' literals, so they may not contain a single quote.
--
-- Runs on every `docker compose up`, so each step looks before it acts; a password changed in .env
-- is applied to the existing login.

:on error exit
SET NOCOUNT ON;
GO

IF DB_ID(N'PharosTriage') IS NULL
    CREATE DATABASE PharosTriage;
GO

IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_intake')
    CREATE LOGIN pharos_intake WITH PASSWORD = N'$(INTAKE_DB_PASSWORD)', DEFAULT_DATABASE = PharosTriage;
ELSE IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_intake' AND PWDCOMPARE(N'$(INTAKE_DB_PASSWORD)', password_hash) = 0)
    ALTER LOGIN pharos_intake WITH PASSWORD = N'$(INTAKE_DB_PASSWORD)';

IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_routing')
    CREATE LOGIN pharos_routing WITH PASSWORD = N'$(ROUTING_DB_PASSWORD)', DEFAULT_DATABASE = PharosTriage;
ELSE IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_routing' AND PWDCOMPARE(N'$(ROUTING_DB_PASSWORD)', password_hash) = 0)
    ALTER LOGIN pharos_routing WITH PASSWORD = N'$(ROUTING_DB_PASSWORD)';

IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_liaison')
    CREATE LOGIN pharos_liaison WITH PASSWORD = N'$(LIAISON_DB_PASSWORD)', DEFAULT_DATABASE = PharosTriage;
ELSE IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_liaison' AND PWDCOMPARE(N'$(LIAISON_DB_PASSWORD)', password_hash) = 0)
    ALTER LOGIN pharos_liaison WITH PASSWORD = N'$(LIAISON_DB_PASSWORD)';

IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_escalation')
    CREATE LOGIN pharos_escalation WITH PASSWORD = N'$(ESCALATION_DB_PASSWORD)', DEFAULT_DATABASE = PharosTriage;
ELSE IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_escalation' AND PWDCOMPARE(N'$(ESCALATION_DB_PASSWORD)', password_hash) = 0)
    ALTER LOGIN pharos_escalation WITH PASSWORD = N'$(ESCALATION_DB_PASSWORD)';

IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_access')
    CREATE LOGIN pharos_access WITH PASSWORD = N'$(ACCESS_DB_PASSWORD)', DEFAULT_DATABASE = PharosTriage;
ELSE IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'pharos_access' AND PWDCOMPARE(N'$(ACCESS_DB_PASSWORD)', password_hash) = 0)
    ALTER LOGIN pharos_access WITH PASSWORD = N'$(ACCESS_DB_PASSWORD)';
GO

USE PharosTriage;
GO

-- CREATE SCHEMA must be alone in its batch, hence EXEC.
IF SCHEMA_ID(N'intake') IS NULL EXEC (N'CREATE SCHEMA intake AUTHORIZATION dbo;');
IF SCHEMA_ID(N'routing') IS NULL EXEC (N'CREATE SCHEMA routing AUTHORIZATION dbo;');
IF SCHEMA_ID(N'liaison') IS NULL EXEC (N'CREATE SCHEMA liaison AUTHORIZATION dbo;');
IF SCHEMA_ID(N'escalation') IS NULL EXEC (N'CREATE SCHEMA escalation AUTHORIZATION dbo;');
IF SCHEMA_ID(N'access') IS NULL EXEC (N'CREATE SCHEMA access AUTHORIZATION dbo;');
GO

-- ALTER USER ... LOGIN re-attaches a user whose login was dropped and created again (a new SID).
IF DATABASE_PRINCIPAL_ID(N'pharos_intake') IS NULL
    CREATE USER pharos_intake FOR LOGIN pharos_intake WITH DEFAULT_SCHEMA = intake;
ELSE
    ALTER USER pharos_intake WITH DEFAULT_SCHEMA = intake, LOGIN = pharos_intake;

IF DATABASE_PRINCIPAL_ID(N'pharos_routing') IS NULL
    CREATE USER pharos_routing FOR LOGIN pharos_routing WITH DEFAULT_SCHEMA = routing;
ELSE
    ALTER USER pharos_routing WITH DEFAULT_SCHEMA = routing, LOGIN = pharos_routing;

IF DATABASE_PRINCIPAL_ID(N'pharos_liaison') IS NULL
    CREATE USER pharos_liaison FOR LOGIN pharos_liaison WITH DEFAULT_SCHEMA = liaison;
ELSE
    ALTER USER pharos_liaison WITH DEFAULT_SCHEMA = liaison, LOGIN = pharos_liaison;

IF DATABASE_PRINCIPAL_ID(N'pharos_escalation') IS NULL
    CREATE USER pharos_escalation FOR LOGIN pharos_escalation WITH DEFAULT_SCHEMA = escalation;
ELSE
    ALTER USER pharos_escalation WITH DEFAULT_SCHEMA = escalation, LOGIN = pharos_escalation;

IF DATABASE_PRINCIPAL_ID(N'pharos_access') IS NULL
    CREATE USER pharos_access FOR LOGIN pharos_access WITH DEFAULT_SCHEMA = access;
ELSE
    ALTER USER pharos_access WITH DEFAULT_SCHEMA = access, LOGIN = pharos_access;
GO

-- The CREATE permissions are database-wide, but creating an object also needs ALTER on the schema it
-- lands in, and each user has that on its own schema only: a service's migrations can create and
-- change its own tables and nothing else, and it can read and write no other service's tables.
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO pharos_intake;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, EXECUTE, REFERENCES ON SCHEMA::intake TO pharos_intake;

GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO pharos_routing;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, EXECUTE, REFERENCES ON SCHEMA::routing TO pharos_routing;

GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO pharos_liaison;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, EXECUTE, REFERENCES ON SCHEMA::liaison TO pharos_liaison;

GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO pharos_escalation;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, EXECUTE, REFERENCES ON SCHEMA::escalation TO pharos_escalation;

-- The access store has one login for the one store: every service host connects to it as
-- pharos_access (ConnectionStrings:Access), and whichever host starts first runs the access
-- migrations (api_keys, access_log, its trigger, schema_migrations) with it, so it owns the schema
-- like a service login owns its own. It needs DELETE besides: the access log's retention purges old
-- entries. The service logins get no rights on `access` at all: their default schema is their own,
-- where the store's unqualified table names would not resolve anyway.
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO pharos_access;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, EXECUTE, REFERENCES ON SCHEMA::access TO pharos_access;
GO
