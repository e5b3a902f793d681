-- How sure extraction is of each claim and event (0-1), and which attribution strategy found a claim.
-- Curated facts and those stored before extraction measured confidence count as certain.
ALTER TABLE claims ADD COLUMN confidence REAL NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1);
ALTER TABLE claims ADD COLUMN sieve TEXT;
ALTER TABLE events ADD COLUMN confidence REAL NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1);
