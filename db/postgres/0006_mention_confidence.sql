-- PostgreSQL translation of db/0006_mention_confidence.sql.
-- How each mention was found (model or rule) and how sure the extractor was (0-1). NULL for curated
-- annotations, which the API reports as confidence 1.
ALTER TABLE mentions ADD COLUMN confidence double precision;
ALTER TABLE mentions ADD COLUMN method text COLLATE "C";
