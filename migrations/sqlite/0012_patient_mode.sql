-- The patient's own voice (issue 17). A registration the patient filled in on the unit tablet
-- carries the language it was answered in; staff registrations leave it empty. It is always
-- "utfylt av: pasient", and a correction keeps it (the table stays append-only).
ALTER TABLE registrations ADD COLUMN self_report_language TEXT
    CHECK (self_report_language IS NULL OR (self_report_language IN ('nb', 'nn', 'en') AND completed_by = 'patient'));

-- Patient mode: a session handed to one patient shows only that patient's form until the staff
-- member's PIN or password takes it back. Which patient, in which language, with which extra
-- steps, since when, and the registration its answers were saved as.
ALTER TABLE sessions ADD COLUMN patient_mode_patient_id INTEGER REFERENCES patients (id);
ALTER TABLE sessions ADD COLUMN patient_mode_language TEXT CHECK (patient_mode_language IN ('nb', 'nn', 'en'));
ALTER TABLE sessions ADD COLUMN patient_mode_pain INTEGER NOT NULL DEFAULT 0 CHECK (patient_mode_pain IN (0, 1));
ALTER TABLE sessions ADD COLUMN patient_mode_body_map INTEGER NOT NULL DEFAULT 0 CHECK (patient_mode_body_map IN (0, 1));
ALTER TABLE sessions ADD COLUMN patient_mode_started_at TEXT;
ALTER TABLE sessions ADD COLUMN patient_mode_registration_id INTEGER REFERENCES registrations (id);
