-- The quick lock of a shared tablet (issue 21): each user may set a personal PIN (4-6 digits,
-- Argon2id, after a full sign-in and with the password); a session of a user with a PIN locks
-- after a short idle time and serves no data until its owner's PIN opens it. Five wrong PINs
-- end the session: a full sign-in again.
ALTER TABLE users ADD COLUMN pin_hash TEXT;
ALTER TABLE sessions ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN pin_failures BIGINT NOT NULL DEFAULT 0;
