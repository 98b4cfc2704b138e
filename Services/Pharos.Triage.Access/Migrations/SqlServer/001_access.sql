-- API keys: only a hash of the secret is kept; the token is shown once, when it is issued.
CREATE TABLE api_keys (
    id            NVARCHAR(36)  NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    prefix        NVARCHAR(16)  NOT NULL CONSTRAINT uq_api_keys_prefix UNIQUE,
    secret_hash   VARBINARY(32) NOT NULL,
    name          NVARCHAR(200) NOT NULL,
    role          NVARCHAR(16)  NOT NULL,
    platform_id   NVARCHAR(64)  NULL,
    created_at    BIGINT NOT NULL,
    created_by    NVARCHAR(200) NOT NULL,
    revoked_at    BIGINT NULL,
    revoked_by    NVARCHAR(200) NULL,
    last_used_at  BIGINT NULL
);

-- Who consulted or changed what, when, from where: append-only, kept for the retention period.
CREATE TABLE access_log (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_access_log PRIMARY KEY,
    at         BIGINT NOT NULL,
    principal  NVARCHAR(200) NULL,
    role       NVARCHAR(16)  NULL,
    method     NVARCHAR(10)  NOT NULL,
    route      NVARCHAR(200) NOT NULL,
    path       NVARCHAR(2048) NOT NULL,
    status     INT NOT NULL,
    remote     NVARCHAR(64) NULL
);
CREATE INDEX ix_access_log_at ON access_log (at);
CREATE INDEX ix_access_log_principal ON access_log (principal, at);
GO
CREATE TRIGGER access_log_append_only ON access_log INSTEAD OF UPDATE
AS
BEGIN
    THROW 50002, 'the access log is append-only', 1;
END;
