-- PostgreSQL translation of db/0011_timeline_days.sql.
-- Timelines in date order without sorting every fact of a popular entity: each row an entity's timeline
-- is read from carries the day it sorts on, indexed with the entity, so a page reads its rows in order
-- and stops at the page's end (at 100,000 articles the sort of a popular entity's every event and claim
-- took over 100 ms).
--
-- A day is a date (YYYY-MM-DD, or shorter where only that is known); `timeline_day` is the day or '~'
-- for none, which sorts after every date so undated entries come last (in the "C" collation of these
-- columns, as in SQLite's BINARY; a linguistic collation may put '~' before digits).
--   events.article_day        the publication day of the earliest article giving evidence of the event
--   event_participants.day    the event's date, else its article_day
--   claims.day                (0005) the claim's event's date, else its article's publication day
--   claim_subjects.day        the claim's day
-- Triggers keep them in the writer's transaction (an article's publication time is written once, with
-- the article). The reads live in src/store/timeline.ts.
-- PostgreSQL 15 has STORED generated columns only: SQLite's VIRTUAL timeline_day columns are STORED here
-- (same values, a little more space). SQLite's AFTER INSERT triggers that update the new row by rowid are
-- BEFORE row triggers setting the value on its way in (PostgreSQL has no rowid; same result).

ALTER TABLE events ADD COLUMN article_day text COLLATE "C";
UPDATE events SET article_day = (
  SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
  JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
  WHERE ee.event_id = events.id);

ALTER TABLE event_participants ADD COLUMN day text COLLATE "C";
UPDATE event_participants SET day = (
  SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = event_participants.event_id);
ALTER TABLE event_participants ADD COLUMN timeline_day text COLLATE "C" GENERATED ALWAYS AS (COALESCE(day, '~')) STORED;
CREATE INDEX event_participants_timeline ON event_participants (entity_id, timeline_day, event_id);

ALTER TABLE claims ADD COLUMN timeline_day text COLLATE "C" GENERATED ALWAYS AS (COALESCE(day, '~')) STORED;
CREATE INDEX claims_speaker_timeline ON claims (speaker_id, timeline_day, id);

ALTER TABLE claim_subjects ADD COLUMN day text COLLATE "C";
UPDATE claim_subjects SET day = (SELECT c.day FROM claims c WHERE c.id = claim_subjects.claim_id);
ALTER TABLE claim_subjects ADD COLUMN timeline_day text COLLATE "C" GENERATED ALWAYS AS (COALESCE(day, '~')) STORED;
CREATE INDEX claim_subjects_timeline ON claim_subjects (entity_id, timeline_day, claim_id);

-- A new piece of evidence can only make the earliest day earlier: no need to read the event's others.
-- SQLite's two-argument MIN is LEAST. Each row's update takes the smaller of two days, so the order the
-- rows' triggers run in does not matter.
CREATE FUNCTION event_evidence_article_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET article_day = NULLIF(LEAST(COALESCE(article_day, '~'), COALESCE((
    SELECT SUBSTR(a.published_at, 1, 10) FROM evidence ev JOIN articles a ON a.id = ev.article_id
    WHERE ev.id = NEW.evidence_id), '~')), '~')
  WHERE id = NEW.event_id;
  RETURN NULL;
END $$;
CREATE TRIGGER event_evidence_article_day_insert AFTER INSERT ON event_evidence
  FOR EACH ROW EXECUTE FUNCTION event_evidence_article_day_insert();

-- Recomputed from what is left. Deleting an article cascades to its evidence and on to event_evidence;
-- by then the article row is gone on both engines (on PostgreSQL so is all of the cascade's evidence),
-- so its day drops out of the minimum.
CREATE FUNCTION event_evidence_article_day_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET article_day = (
    SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
    JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
    WHERE ee.event_id = OLD.event_id)
  WHERE id = OLD.event_id;
  RETURN NULL;
END $$;
CREATE TRIGGER event_evidence_article_day_delete AFTER DELETE ON event_evidence
  FOR EACH ROW EXECUTE FUNCTION event_evidence_article_day_delete();

CREATE FUNCTION events_participant_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_participants SET day = COALESCE(NEW.date, NEW.article_day) WHERE event_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER events_participant_day AFTER UPDATE OF date, article_day ON events
  FOR EACH ROW WHEN (COALESCE(NEW.date, NEW.article_day) IS DISTINCT FROM COALESCE(OLD.date, OLD.article_day))
  EXECUTE FUNCTION events_participant_day();

CREATE FUNCTION event_participants_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := (SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = NEW.event_id);
  RETURN NEW;
END $$;
CREATE TRIGGER event_participants_day_insert BEFORE INSERT ON event_participants
  FOR EACH ROW EXECUTE FUNCTION event_participants_day_insert();

-- Merging events moves participants to the kept one.
CREATE FUNCTION event_participants_day_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := (SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = NEW.event_id);
  RETURN NEW;
END $$;
CREATE TRIGGER event_participants_day_event BEFORE UPDATE OF event_id ON event_participants
  FOR EACH ROW EXECUTE FUNCTION event_participants_day_event();

-- SQLite: AFTER UPDATE OF day. The day of a claim changes through the BEFORE triggers of 0005 too, and a
-- PostgreSQL column list only sees the columns the UPDATE itself sets, so this trigger has none: it fires
-- on every update and its WHEN keeps the ones that changed the day.
CREATE FUNCTION claims_subject_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claim_subjects SET day = NEW.day WHERE claim_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_subject_day AFTER UPDATE ON claims
  FOR EACH ROW WHEN (NEW.day IS DISTINCT FROM OLD.day) EXECUTE FUNCTION claims_subject_day();

CREATE FUNCTION claim_subjects_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := (SELECT c.day FROM claims c WHERE c.id = NEW.claim_id);
  RETURN NEW;
END $$;
CREATE TRIGGER claim_subjects_day_insert BEFORE INSERT ON claim_subjects
  FOR EACH ROW EXECUTE FUNCTION claim_subjects_day_insert();

CREATE FUNCTION claim_subjects_day_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := (SELECT c.day FROM claims c WHERE c.id = NEW.claim_id);
  RETURN NEW;
END $$;
CREATE TRIGGER claim_subjects_day_claim BEFORE UPDATE OF claim_id ON claim_subjects
  FOR EACH ROW EXECUTE FUNCTION claim_subjects_day_claim();
