-- Languages (issue 17). A unit's written language (målform), in which its records, its access
-- log and the PDF for the GP are written whatever the reader's own: bokmål or nynorsk. A user's
-- own choice for the staff UI (bokmål, nynorsk or English); NULL follows the user's first unit.
ALTER TABLE care_units ADD COLUMN language TEXT NOT NULL DEFAULT 'nb'
    CHECK (language IN ('nb', 'nn'));

ALTER TABLE users ADD COLUMN language TEXT
    CHECK (language IN ('nb', 'nn', 'en'));
