-- A fifth role, avdelingsleder (unit leader): the handover report and the quality view of its
-- units, no patient's data (`Role::sees_patients`). SQLite cannot change a CHECK in place, so the
-- users table is rebuilt with the wider CHECK and the same rows. The migration runs in one
-- transaction with foreign keys on; deferring them lets the table be dropped and made again:
-- dropping it leaves every row that references a user counted as a violation, putting the same
-- users back clears the count, and a user missing at COMMIT would fail the whole migration.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE users_before_0008 AS SELECT * FROM users;

CREATE TABLE users_0008 (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('helsefagarbeider', 'sykepleier', 'ressurssykepleier', 'administrator', 'avdelingsleder')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

DROP TABLE users;
ALTER TABLE users_0008 RENAME TO users;
INSERT INTO users (id, username, display_name, role, password_hash, active, created_at)
    SELECT id, username, display_name, role, password_hash, active, created_at FROM users_before_0008;
DROP TABLE users_before_0008;
