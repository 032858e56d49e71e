-- API clients of the FHIR interface (issue 20): systems (an EPJ integration, a registry) that
-- read the patients of the units they are given, with a bearer token stored only as its SHA-256.
-- Read-only by construction: the interface has no write. A client is revoked, never deleted, so
-- the access log's rows keep naming a client that existed.

CREATE TABLE api_clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES users (id)
);

CREATE TABLE api_client_units (
    client_id INTEGER NOT NULL REFERENCES api_clients (id),
    unit_id INTEGER NOT NULL REFERENCES care_units (id),
    PRIMARY KEY (client_id, unit_id)
);

CREATE TRIGGER api_clients_never_deleted BEFORE DELETE ON api_clients
BEGIN SELECT RAISE(ABORT, 'api_clients are revoked, not deleted'); END;
