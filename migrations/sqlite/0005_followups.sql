-- Follow-ups (oppfølging): a severe or worsening registration opens one for the patient; the
-- loop (acknowledged, actions, re-assessment, closed) is a list of appended steps. Nothing here
-- is ever updated or deleted: the state is read from the steps.
--
-- At most one follow-up per patient is open: the next one has the next `seq`, UNIQUE per
-- patient, and storage opens it only once the one before is closed, inside the transaction that
-- also locks the patient's row (PostgreSQL) or holds SQLite's one writer.

CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    opened_at TEXT NOT NULL,
    UNIQUE (patient_id, seq)
);

CREATE TABLE followup_steps (
    id INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES followups (id),
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'extended', 'acknowledged', 'action', 'closed')),
    at TEXT NOT NULL,
    by_user_id INTEGER NOT NULL REFERENCES users (id),
    -- opened, extended, closed by a re-assessment: the registration.
    registration_id INTEGER REFERENCES registrations (id),
    -- opened, extended: the reasons as JSON (lindra::followup::Reason).
    reasons TEXT,
    reassessment INTEGER NOT NULL DEFAULT 0 CHECK (reassessment IN (0, 1)),
    -- action
    action TEXT CHECK (action IN ('prn_medicine', 'contacted_doctor', 'contacted_out_of_hours',
        'contacted_palliative_team', 'care_or_position', 'presence', 'other')),
    medicine TEXT NOT NULL DEFAULT '',
    dose TEXT NOT NULL DEFAULT '',
    route TEXT NOT NULL DEFAULT '',
    done_at TEXT,
    reassess_at TEXT,
    -- closed
    close_reason TEXT CHECK (close_reason IN ('reassessed', 'sleeping', 'transferred', 'died', 'other')),
    -- action: "annet" or a note; closed: the nurse's words.
    note TEXT NOT NULL DEFAULT '',
    -- A step a nurse asks for carries her form's request id: a resend never stores twice.
    request_id TEXT UNIQUE,
    CHECK ((kind IN ('opened', 'extended')) = (reasons IS NOT NULL AND registration_id IS NOT NULL)),
    CHECK ((kind = 'action') = (action IS NOT NULL AND done_at IS NOT NULL AND reassess_at IS NOT NULL)),
    CHECK ((kind = 'closed') = (close_reason IS NOT NULL))
);
CREATE INDEX followup_steps_followup ON followup_steps (followup_id, id);
-- One acknowledgement and one closing per follow-up, whatever races.
CREATE UNIQUE INDEX followup_steps_one_ack ON followup_steps (followup_id) WHERE kind = 'acknowledged';
CREATE UNIQUE INDEX followup_steps_one_close ON followup_steps (followup_id) WHERE kind = 'closed';

-- Expected symptoms: an item expected up to a level for the patient until a moment.
CREATE TABLE expected_symptoms (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    item TEXT NOT NULL CHECK (item IN ('pain', 'tiredness', 'drowsiness', 'nausea', 'appetite',
        'shortness_of_breath', 'depression', 'anxiety', 'wellbeing', 'other')),
    level INTEGER NOT NULL CHECK (level BETWEEN 7 AND 10),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    until TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by INTEGER NOT NULL REFERENCES users (id),
    request_id TEXT NOT NULL UNIQUE
);
CREATE INDEX expected_symptoms_patient ON expected_symptoms (patient_id, until);

-- When to re-assess after an action, per unit (clinical.md: about 30 min after a subcutaneous
-- and 60 min after an oral dose; unverified as a Norwegian standard, so a setting).
ALTER TABLE care_units ADD COLUMN prn_reassess_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (prn_reassess_minutes BETWEEN 5 AND 1440);
ALTER TABLE care_units ADD COLUMN reassess_minutes INTEGER NOT NULL DEFAULT 120
    CHECK (reassess_minutes BETWEEN 5 AND 1440);

CREATE TRIGGER followups_no_update BEFORE UPDATE ON followups
BEGIN SELECT RAISE(ABORT, 'followups are append-only'); END;
CREATE TRIGGER followups_no_delete BEFORE DELETE ON followups
BEGIN SELECT RAISE(ABORT, 'followups are append-only'); END;
CREATE TRIGGER followups_no_replace BEFORE INSERT ON followups
WHEN EXISTS (SELECT 1 FROM followups WHERE id = NEW.id OR (patient_id = NEW.patient_id AND seq = NEW.seq))
BEGIN SELECT RAISE(ABORT, 'followups are append-only'); END;

CREATE TRIGGER followup_steps_no_update BEFORE UPDATE ON followup_steps
BEGIN SELECT RAISE(ABORT, 'followup_steps are append-only'); END;
CREATE TRIGGER followup_steps_no_delete BEFORE DELETE ON followup_steps
BEGIN SELECT RAISE(ABORT, 'followup_steps are append-only'); END;
CREATE TRIGGER followup_steps_no_replace BEFORE INSERT ON followup_steps
WHEN EXISTS (SELECT 1 FROM followup_steps WHERE id = NEW.id OR request_id = NEW.request_id
             OR (followup_id = NEW.followup_id AND kind = NEW.kind AND kind IN ('acknowledged', 'closed')))
BEGIN SELECT RAISE(ABORT, 'followup_steps are append-only'); END;

CREATE TRIGGER expected_symptoms_no_update BEFORE UPDATE ON expected_symptoms
BEGIN SELECT RAISE(ABORT, 'expected_symptoms are append-only'); END;
CREATE TRIGGER expected_symptoms_no_delete BEFORE DELETE ON expected_symptoms
BEGIN SELECT RAISE(ABORT, 'expected_symptoms are append-only'); END;
CREATE TRIGGER expected_symptoms_no_replace BEFORE INSERT ON expected_symptoms
WHEN EXISTS (SELECT 1 FROM expected_symptoms WHERE id = NEW.id OR request_id = NEW.request_id)
BEGIN SELECT RAISE(ABORT, 'expected_symptoms are append-only'); END;
