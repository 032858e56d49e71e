-- A fifth role, avdelingsleder (unit leader): the handover report and the quality view of its
-- units, no patient's data (`Role::sees_patients`).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('helsefagarbeider', 'sykepleier', 'ressurssykepleier', 'administrator', 'avdelingsleder'));
