-- Start passwords (issue 21, ASVS 5.0 6.4.1): the administrator no longer types a user's first
-- password. Lindra makes a random one, shows it once, and stores when it stops working; a user
-- who signs in with it must choose her own before anything else. NULL: a password of her own.
ALTER TABLE users ADD COLUMN start_password_until TEXT;

-- A session signed in with a start password reaches only the page that replaces it: its step is
-- `password`. SQLite cannot widen a CHECK in place, so the sessions table is made again with the
-- same columns and rows (no table refers to it).
CREATE TABLE sessions_0018 (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    pin_failures INTEGER NOT NULL DEFAULT 0,
    patient_mode_patient_id INTEGER REFERENCES patients (id),
    patient_mode_language TEXT CHECK (patient_mode_language IN ('nb', 'nn', 'en')),
    patient_mode_pain INTEGER NOT NULL DEFAULT 0 CHECK (patient_mode_pain IN (0, 1)),
    patient_mode_body_map INTEGER NOT NULL DEFAULT 0 CHECK (patient_mode_body_map IN (0, 1)),
    patient_mode_started_at TEXT,
    patient_mode_registration_id INTEGER REFERENCES registrations (id),
    second_factor TEXT NOT NULL DEFAULT 'done' CHECK (second_factor IN ('done', 'code', 'enrol', 'password')),
    tablet_hash TEXT
);
INSERT INTO sessions_0018 (token_hash, user_id, created_at, last_seen_at, locked, pin_failures,
    patient_mode_patient_id, patient_mode_language, patient_mode_pain, patient_mode_body_map,
    patient_mode_started_at, patient_mode_registration_id, second_factor, tablet_hash)
SELECT token_hash, user_id, created_at, last_seen_at, locked, pin_failures,
    patient_mode_patient_id, patient_mode_language, patient_mode_pain, patient_mode_body_map,
    patient_mode_started_at, patient_mode_registration_id, second_factor, tablet_hash
FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_0018 RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_tablet ON sessions (tablet_hash);
