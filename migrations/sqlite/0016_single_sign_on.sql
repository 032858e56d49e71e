-- Single sign-on with OpenID Connect (issue 21): one row per sign-in started at /oidc/start,
-- taken (deleted) by its callback, so a state, and the code it brings, serve once. The state and
-- the cookie that binds the attempt to the browser that started it are stored as SHA-256; the
-- nonce and the PKCE verifier are useless without the provider's code, and live ten minutes.
CREATE TABLE sso_attempts (
    state_hash TEXT PRIMARY KEY,
    binding_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sso_attempts_created ON sso_attempts (created_at);
CREATE INDEX sso_attempts_client ON sso_attempts (client_addr, created_at);
