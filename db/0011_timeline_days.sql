-- Timelines in date order without sorting every fact of a popular entity: each row an entity's timeline
-- is read from carries the day it sorts on, indexed with the entity, so a page reads its rows in order
-- and stops at the page's end (at 100,000 articles the sort of a popular entity's every event and claim
-- took over 100 ms).
--
-- A day is a date (YYYY-MM-DD, or shorter where only that is known); `timeline_day` is the day or '~'
-- for none, which sorts after every date so undated entries come last.
--   events.article_day        the publication day of the earliest article giving evidence of the event
--   event_participants.day    the event's date, else its article_day
--   claims.day                (0005) the claim's event's date, else its article's publication day
--   claim_subjects.day        the claim's day
-- Triggers keep them in the writer's transaction (an article's publication time is written once, with
-- the article). SQLite-specific; the reads live in src/store/timeline.ts.

ALTER TABLE events ADD COLUMN article_day TEXT;
UPDATE events SET article_day = (
  SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
  JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
  WHERE ee.event_id = events.id);

ALTER TABLE event_participants ADD COLUMN day TEXT;
UPDATE event_participants SET day = (
  SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = event_participants.event_id);
ALTER TABLE event_participants ADD COLUMN timeline_day TEXT GENERATED ALWAYS AS (COALESCE(day, '~')) VIRTUAL;
CREATE INDEX event_participants_timeline ON event_participants (entity_id, timeline_day, event_id);

ALTER TABLE claims ADD COLUMN timeline_day TEXT GENERATED ALWAYS AS (COALESCE(day, '~')) VIRTUAL;
CREATE INDEX claims_speaker_timeline ON claims (speaker_id, timeline_day, id);

ALTER TABLE claim_subjects ADD COLUMN day TEXT;
UPDATE claim_subjects SET day = (SELECT c.day FROM claims c WHERE c.id = claim_subjects.claim_id);
ALTER TABLE claim_subjects ADD COLUMN timeline_day TEXT GENERATED ALWAYS AS (COALESCE(day, '~')) VIRTUAL;
CREATE INDEX claim_subjects_timeline ON claim_subjects (entity_id, timeline_day, claim_id);

-- A new piece of evidence can only make the earliest day earlier: no need to read the event's others.
CREATE TRIGGER event_evidence_article_day_insert AFTER INSERT ON event_evidence BEGIN
  UPDATE events SET article_day = NULLIF(MIN(COALESCE(article_day, '~'), COALESCE((
    SELECT SUBSTR(a.published_at, 1, 10) FROM evidence ev JOIN articles a ON a.id = ev.article_id
    WHERE ev.id = NEW.evidence_id), '~')), '~')
  WHERE id = NEW.event_id;
END;
CREATE TRIGGER event_evidence_article_day_delete AFTER DELETE ON event_evidence BEGIN
  UPDATE events SET article_day = (
    SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
    JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
    WHERE ee.event_id = OLD.event_id)
  WHERE id = OLD.event_id;
END;
CREATE TRIGGER events_participant_day AFTER UPDATE OF date, article_day ON events
WHEN COALESCE(NEW.date, NEW.article_day) IS NOT COALESCE(OLD.date, OLD.article_day) BEGIN
  UPDATE event_participants SET day = COALESCE(NEW.date, NEW.article_day) WHERE event_id = NEW.id;
END;
CREATE TRIGGER event_participants_day_insert AFTER INSERT ON event_participants BEGIN
  UPDATE event_participants SET day = (
    SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = NEW.event_id)
  WHERE rowid = NEW.rowid;
END;
-- Merging events moves participants to the kept one.
CREATE TRIGGER event_participants_day_event AFTER UPDATE OF event_id ON event_participants BEGIN
  UPDATE event_participants SET day = (
    SELECT COALESCE(e.date, e.article_day) FROM events e WHERE e.id = NEW.event_id)
  WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER claims_subject_day AFTER UPDATE OF day ON claims
WHEN NEW.day IS NOT OLD.day BEGIN
  UPDATE claim_subjects SET day = NEW.day WHERE claim_id = NEW.id;
END;
CREATE TRIGGER claim_subjects_day_insert AFTER INSERT ON claim_subjects BEGIN
  UPDATE claim_subjects SET day = (SELECT c.day FROM claims c WHERE c.id = NEW.claim_id)
  WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER claim_subjects_day_claim AFTER UPDATE OF claim_id ON claim_subjects BEGIN
  UPDATE claim_subjects SET day = (SELECT c.day FROM claims c WHERE c.id = NEW.claim_id)
  WHERE rowid = NEW.rowid;
END;
