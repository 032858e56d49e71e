-- A patient belongs to one unit at a time; a move changes patients.unit_id and is recorded here.
-- Registrations belong to the patient, not the unit, so the whole history follows the patient.

CREATE TABLE patient_moves (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    from_unit_id INTEGER NOT NULL REFERENCES care_units (id),
    to_unit_id INTEGER NOT NULL REFERENCES care_units (id),
    moved_at TEXT NOT NULL,
    moved_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX patient_moves_patient ON patient_moves (patient_id, moved_at);

CREATE TRIGGER patient_moves_no_update BEFORE UPDATE ON patient_moves
BEGIN SELECT RAISE(ABORT, 'patient_moves are append-only'); END;
CREATE TRIGGER patient_moves_no_delete BEFORE DELETE ON patient_moves
BEGIN SELECT RAISE(ABORT, 'patient_moves are append-only'); END;
