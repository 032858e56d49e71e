-- A unit's shifts (vakter) on one line, as `lindra::shift::Shifts::text` writes them: each a name
-- and its Oslo start time; a shift runs until the next starts. Not clinical data: a setting the
-- administrator changes.
ALTER TABLE care_units ADD COLUMN shifts TEXT NOT NULL DEFAULT 'Dag 07:00, Kveld 15:00, Natt 23:00'
    CHECK (length(trim(shifts)) > 0);
