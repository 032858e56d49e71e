-- The second factor (issue 21): a TOTP secret per user (RFC 6238), confirmed with a first code
-- before it counts, and the last time step used (a code is good once); ten recovery codes as
-- SHA-256 hashes, each good once. A session made by a password alone, for a user who has a
-- second factor or must set one up, is `code` or `enrol` until that is done: it reaches only
-- the page that asks for the code or sets the factor up.
CREATE TABLE totp_secrets (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    last_step INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TEXT,
    UNIQUE (user_id, code_hash)
);

ALTER TABLE sessions ADD COLUMN second_factor TEXT NOT NULL DEFAULT 'done'
    CHECK (second_factor IN ('done', 'code', 'enrol'));
