-- Lindra initial schema (SQLite). Timestamps are RFC 3339 text in UTC, to the second.

CREATE TABLE care_units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('sykehjem', 'hjemmetjeneste', 'sykehus', 'palliativ_enhet')),
    assessment_interval_hours INTEGER NOT NULL DEFAULT 24 CHECK (assessment_interval_hours BETWEEN 1 AND 720),
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_after_hours TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('helsefagarbeider', 'sykepleier', 'ressurssykepleier', 'administrator')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE user_units (
    user_id INTEGER NOT NULL REFERENCES users (id),
    unit_id INTEGER NOT NULL REFERENCES care_units (id),
    PRIMARY KEY (user_id, unit_id)
);

CREATE TABLE patients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    birth_date TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES care_units (id),
    created_at TEXT NOT NULL
);
CREATE INDEX patients_unit ON patients (unit_id);

-- One row per version of a registration. A correction is a new row with supersedes_id set;
-- the UNIQUE on supersedes_id allows one successor per version, so history never forks.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    root_id INTEGER REFERENCES registrations (id),
    supersedes_id INTEGER UNIQUE REFERENCES registrations (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    correction_reason TEXT,
    request_id TEXT NOT NULL UNIQUE,
    observed_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    completed_by TEXT NOT NULL CHECK (completed_by IN ('patient', 'patient_with_help', 'relative', 'health_personnel')),
    esas_pain INTEGER CHECK (esas_pain BETWEEN -1 AND 10),
    esas_tiredness INTEGER CHECK (esas_tiredness BETWEEN -1 AND 10),
    esas_drowsiness INTEGER CHECK (esas_drowsiness BETWEEN -1 AND 10),
    esas_nausea INTEGER CHECK (esas_nausea BETWEEN -1 AND 10),
    esas_appetite INTEGER CHECK (esas_appetite BETWEEN -1 AND 10),
    esas_shortness_of_breath INTEGER CHECK (esas_shortness_of_breath BETWEEN -1 AND 10),
    esas_depression INTEGER CHECK (esas_depression BETWEEN -1 AND 10),
    esas_anxiety INTEGER CHECK (esas_anxiety BETWEEN -1 AND 10),
    esas_wellbeing INTEGER CHECK (esas_wellbeing BETWEEN -1 AND 10),
    other_name TEXT,
    other_score INTEGER CHECK (other_score BETWEEN -1 AND 10),
    pain_now INTEGER CHECK (pain_now BETWEEN 0 AND 10),
    pain_worst_24h INTEGER CHECK (pain_worst_24h BETWEEN 0 AND 10),
    pain_average_24h INTEGER CHECK (pain_average_24h BETWEEN 0 AND 10),
    breakthrough_pain INTEGER CHECK (breakthrough_pain IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL)),
    CHECK ((supersedes_id IS NULL) = (version = 1)),
    CHECK ((other_name IS NULL) = (other_score IS NULL))
);
CREATE INDEX registrations_patient_observed ON registrations (patient_id, observed_at);
CREATE INDEX registrations_root ON registrations (root_id);

CREATE TABLE body_marks (
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    region_id INTEGER NOT NULL CHECK (region_id BETWEEN 101 AND 299),
    intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
    PRIMARY KEY (registration_id, region_id)
);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER,
    patient_id INTEGER,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    outcome TEXT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX audit_events_patient ON audit_events (patient_id, at);

-- Append-only: clinical records and the access log are never changed or removed.
CREATE TRIGGER registrations_no_update BEFORE UPDATE ON registrations
BEGIN SELECT RAISE(ABORT, 'registrations are append-only'); END;
CREATE TRIGGER registrations_no_delete BEFORE DELETE ON registrations
BEGIN SELECT RAISE(ABORT, 'registrations are append-only'); END;
CREATE TRIGGER body_marks_no_update BEFORE UPDATE ON body_marks
BEGIN SELECT RAISE(ABORT, 'body_marks are append-only'); END;
CREATE TRIGGER body_marks_no_delete BEFORE DELETE ON body_marks
BEGIN SELECT RAISE(ABORT, 'body_marks are append-only'); END;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events are append-only'); END;
