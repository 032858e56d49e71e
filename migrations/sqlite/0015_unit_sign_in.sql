-- A unit's sign-in settings (issue 21): how soon an idle tablet locks for its staff (NULL: the
-- server's --lock-after-seconds), and whether everyone who works in it must have a second factor
-- (whatever the server's policy). A user in several units gets the shortest lock and the
-- strictest rule of them.
ALTER TABLE care_units ADD COLUMN lock_after_minutes INTEGER
    CHECK (lock_after_minutes BETWEEN 1 AND 60);

ALTER TABLE care_units ADD COLUMN second_factor_for_all INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_for_all IN (0, 1));
