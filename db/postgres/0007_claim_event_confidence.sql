-- PostgreSQL translation of db/0007_claim_event_confidence.sql.
-- How sure extraction is of each claim and event (0-1), and which attribution strategy found a claim.
-- Curated facts and those stored before extraction measured confidence count as certain.
ALTER TABLE claims ADD COLUMN confidence double precision NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1);
ALTER TABLE claims ADD COLUMN sieve text COLLATE "C";
ALTER TABLE events ADD COLUMN confidence double precision NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1);
