-- The keys that protect the console's cookies and anti-forgery tokens (ASP.NET Core data protection), shared by every
-- host through the access store, so that a person signed in on one instance is signed in on all of them and a form
-- drawn by one is accepted by another. Kept as the framework writes them (XML), never changed, only added.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT    NOT NULL CHECK (length(friendly_name) <= 100),
    xml           TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
