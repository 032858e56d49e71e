-- Append-only also against REPLACE. `INSERT OR REPLACE` / `REPLACE INTO` (and an UPSERT) delete
-- the row they collide with without firing a DELETE trigger while SQLite's recursive_triggers is
-- off, so the triggers of 0001 and 0003 did not stop them. An insert that would collide with a
-- stored row is refused here, before SQLite resolves the conflict, whatever the connection's
-- settings. Lindra's own inserts never collide: a resend is found first (INSERT ... WHERE NOT
-- EXISTS), and SQLite's writes are serial in one writer.
CREATE TRIGGER registrations_no_replace BEFORE INSERT ON registrations
WHEN EXISTS (SELECT 1 FROM registrations
             WHERE id = NEW.id OR request_id = NEW.request_id OR supersedes_id = NEW.supersedes_id)
BEGIN SELECT RAISE(ABORT, 'registrations are append-only'); END;
CREATE TRIGGER body_marks_no_replace BEFORE INSERT ON body_marks
WHEN EXISTS (SELECT 1 FROM body_marks
             WHERE registration_id = NEW.registration_id AND region_id = NEW.region_id)
BEGIN SELECT RAISE(ABORT, 'body_marks are append-only'); END;
CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_events are append-only'); END;
CREATE TRIGGER patient_moves_no_replace BEFORE INSERT ON patient_moves
WHEN EXISTS (SELECT 1 FROM patient_moves WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'patient_moves are append-only'); END;

-- Refusals of requests with no known user (no or an ended session, another site's origin, a
-- body that cannot be read), counted per address, kind and path over a short window so that a
-- flood is a few rows, not one per request. Requests of a signed-in user go to audit_events.
CREATE TABLE security_events (
    id INTEGER PRIMARY KEY,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 1)
);
CREATE INDEX security_events_at ON security_events (last_at);

CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
BEGIN SELECT RAISE(ABORT, 'security_events are append-only'); END;
CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events
BEGIN SELECT RAISE(ABORT, 'security_events are append-only'); END;
CREATE TRIGGER security_events_no_replace BEFORE INSERT ON security_events
WHEN EXISTS (SELECT 1 FROM security_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'security_events are append-only'); END;
