-- PostgreSQL translation of db/0015_evidence_text.sql: `body_bmp` is 1 when the body has no character
-- outside the Basic Multilingual Plane, so character offsets are the UTF-16 offsets evidence records.

ALTER TABLE articles ADD COLUMN body_bmp integer NOT NULL DEFAULT 0;
UPDATE articles SET body_bmp = CASE WHEN body ~ '[\U00010000-\U0010FFFF]' THEN 0 ELSE 1 END;

CREATE FUNCTION articles_body_bmp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.body_bmp := CASE WHEN NEW.body ~ '[\U00010000-\U0010FFFF]' THEN 0 ELSE 1 END;
  RETURN NEW;
END $$;
CREATE TRIGGER articles_body_bmp BEFORE INSERT ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_body_bmp();
