-- Switching between colleagues on one shared tablet (issue 21): a session remembers the tablet
-- (the browser) it was signed in on, as the SHA-256 of that browser's `lindra_tablet` cookie.
-- When a colleague signs in fully on the same tablet, the first nurse's session is locked, not
-- ended; the locked page lists the tablet's signed-in names, and each opens her own session
-- with her PIN. NULL: a session from before this, or from a browser without the cookie.
ALTER TABLE sessions ADD COLUMN tablet_hash TEXT;
CREATE INDEX sessions_tablet ON sessions (tablet_hash);
