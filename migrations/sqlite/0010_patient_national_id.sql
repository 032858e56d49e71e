-- The patient's national identity number (fødselsnummer or D-nummer), optional: for an EPJ to
-- match the patient through the FHIR interface. Checked (both mod-11 digits, the birth date) by
-- `lindra::national_id` before it is stored; staff see it masked; every change and every
-- unmasked view is in the patient's access log.
ALTER TABLE patients ADD COLUMN national_id TEXT CHECK (national_id IS NULL OR length(national_id) = 11);
CREATE UNIQUE INDEX patients_national_id ON patients (national_id) WHERE national_id IS NOT NULL;
