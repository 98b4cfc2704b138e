CREATE TABLE platforms (
    id          NVARCHAR(64)  NOT NULL CONSTRAINT pk_platforms PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE platform_domains (
    domain       NVARCHAR(253) NOT NULL CONSTRAINT pk_platform_domains PRIMARY KEY,
    platform_id  NVARCHAR(64)  NOT NULL CONSTRAINT fk_platform_domains_platform REFERENCES platforms (id)
);

-- One decision per report. The message it caused is kept, so that a report filed again (re-drive)
-- gets the same answer instead of a second request.
CREATE TABLE routing_decisions (
    report_id       NVARCHAR(36)   NOT NULL CONSTRAINT pk_routing_decisions PRIMARY KEY,
    decision        NVARCHAR(20)   NOT NULL,
    normalized_url  NVARCHAR(2048) NOT NULL,
    platform_id     NVARCHAR(64)   NULL,
    request_id      NVARCHAR(36)   NULL,
    message_type    NVARCHAR(200)  NOT NULL,
    message_body    NVARCHAR(MAX)  NOT NULL,
    decided_at      BIGINT NOT NULL
);

-- The dedup index: one open request per normalised URL (keyed by its SHA-256, which fits any index).
CREATE TABLE open_requests (
    url_hash        BINARY(32)     NOT NULL CONSTRAINT pk_open_requests PRIMARY KEY,
    normalized_url  NVARCHAR(2048) NOT NULL,
    request_id      NVARCHAR(36)   NOT NULL CONSTRAINT uq_open_requests_request UNIQUE,
    report_id       NVARCHAR(36)   NOT NULL,
    platform_id     NVARCHAR(64)   NOT NULL,
    issued_at       BIGINT NOT NULL
);

CREATE TABLE reference_counters (
    year        INT    NOT NULL CONSTRAINT pk_reference_counters PRIMARY KEY,
    last_value  BIGINT NOT NULL
);
