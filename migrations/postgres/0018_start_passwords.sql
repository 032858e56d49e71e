-- Start passwords (issue 21, ASVS 5.0 6.4.1): the administrator no longer types a user's first
-- password. Lindra makes a random one, shows it once, and stores when it stops working; a user
-- who signs in with it must choose her own before anything else. NULL: a password of her own.
ALTER TABLE users ADD COLUMN start_password_until TIMESTAMPTZ;

-- A session signed in with a start password reaches only the page that replaces it: its step is
-- `password`.
ALTER TABLE sessions DROP CONSTRAINT sessions_second_factor_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_second_factor_check
    CHECK (second_factor IN ('done', 'code', 'enrol', 'password'));
