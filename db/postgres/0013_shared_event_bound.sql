-- PostgreSQL translation of db/0013_shared_event_bound.sql.
-- An event links its participants pairwise only while it has at most 30 of them. A story event that
-- gathered every name of a long article (hundreds of people who "met" someone somewhere) would
-- otherwise link every pair: the neighbourhood rows grow with the square of the participants and the
-- writer's contribution query with their cube, and a path between two strangers becomes one step.
-- Such participants still link through the sentences that name them together and the claims they make.
--
-- events.participant_count (participant rows: an entity in two roles counts twice) is kept by triggers;
-- they add and subtract per row, so PostgreSQL's end-of-statement firing ends in the same count.

ALTER TABLE events ADD COLUMN participant_count integer NOT NULL DEFAULT 0;
UPDATE events SET participant_count = (SELECT COUNT(*) FROM event_participants p WHERE p.event_id = events.id);

CREATE FUNCTION events_participant_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET participant_count = participant_count + 1 WHERE id = NEW.event_id;
  RETURN NULL;
END $$;
CREATE TRIGGER events_participant_count_insert AFTER INSERT ON event_participants
  FOR EACH ROW EXECUTE FUNCTION events_participant_count_insert();

CREATE FUNCTION events_participant_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET participant_count = participant_count - 1 WHERE id = OLD.event_id;
  RETURN NULL;
END $$;
CREATE TRIGGER events_participant_count_delete AFTER DELETE ON event_participants
  FOR EACH ROW EXECUTE FUNCTION events_participant_count_delete();

-- Merging events moves participants to the kept one.
CREATE FUNCTION events_participant_count_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET participant_count = participant_count - 1 WHERE id = OLD.event_id;
  UPDATE events SET participant_count = participant_count + 1 WHERE id = NEW.event_id;
  RETURN NULL;
END $$;
CREATE TRIGGER events_participant_count_event AFTER UPDATE OF event_id ON event_participants
  FOR EACH ROW WHEN (NEW.event_id IS DISTINCT FROM OLD.event_id)
  EXECUTE FUNCTION events_participant_count_event();

DROP VIEW entity_links;
CREATE VIEW entity_links AS
SELECT r.from_id AS entity_id, r.to_id AS other_id, 'RELATION' AS kind, r.id AS ref_id,
       ev.id AS evidence_id, ev.article_id, ev.sentence_start
FROM relations r
JOIN relation_evidence re ON re.relation_id = r.id
JOIN evidence ev ON ev.id = re.evidence_id
UNION ALL
SELECT r.to_id, r.from_id, 'RELATION', r.id, ev.id, ev.article_id, ev.sentence_start
FROM relations r
JOIN relation_evidence re ON re.relation_id = r.id
JOIN evidence ev ON ev.id = re.evidence_id
UNION ALL
-- The bound is read from the event row next to each of its evidence rows, so the pairs of a large
-- event are never formed, whichever side the query starts from.
SELECT p1.entity_id, p2.entity_id, 'SHARED_EVENT', p1.event_id, ev.id, ev.article_id, ev.sentence_start
FROM event_participants p1
JOIN events e ON e.id = p1.event_id AND e.participant_count <= 30
JOIN event_participants p2 ON p2.event_id = p1.event_id AND p2.entity_id <> p1.entity_id
JOIN event_evidence ee ON ee.event_id = p1.event_id
JOIN evidence ev ON ev.id = ee.evidence_id
UNION ALL
SELECT c.speaker_id, s.entity_id, 'CLAIM', c.id, ev.id, ev.article_id, ev.sentence_start
FROM claims c
JOIN claim_subjects s ON s.claim_id = c.id AND s.entity_id <> c.speaker_id
JOIN evidence ev ON ev.id = c.evidence_id
UNION ALL
SELECT s.entity_id, c.speaker_id, 'CLAIM', c.id, ev.id, ev.article_id, ev.sentence_start
FROM claims c
JOIN claim_subjects s ON s.claim_id = c.id AND s.entity_id <> c.speaker_id
JOIN evidence ev ON ev.id = c.evidence_id
UNION ALL
SELECT m1.entity_id, m2.entity_id, 'CO_MENTION', e2.id, e2.id, e2.article_id, e2.sentence_start
FROM mentions m1
JOIN evidence e1 ON e1.id = m1.evidence_id
JOIN evidence e2 ON e2.article_id = e1.article_id AND e2.sentence_start = e1.sentence_start
JOIN mentions m2 ON m2.evidence_id = e2.id AND m2.entity_id <> m1.entity_id;

-- The articles of events over the bound contribute again, without those events' pairs.
-- A temporary table lives to the end of the session here (to the migration's own DROP, as in SQLite).
CREATE TEMP TABLE recount_articles AS
  SELECT DISTINCT ev.article_id AS id FROM events e
  JOIN event_evidence ee ON ee.event_id = e.id JOIN evidence ev ON ev.id = ee.evidence_id
  WHERE e.participant_count > 30;
DELETE FROM entity_neighbor_articles WHERE article_id IN (SELECT id FROM recount_articles);
INSERT INTO entity_neighbor_articles (entity_id, other_id, article_id, sentence_count, fact_count, kinds)
  SELECT entity_id, other_id, article_id,
         COUNT(DISTINCT sentence_start),
         COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN kind || ':' || ref_id END),
         MAX(CASE WHEN kind = 'RELATION' THEN 1 ELSE 0 END) | MAX(CASE WHEN kind = 'SHARED_EVENT' THEN 2 ELSE 0 END)
           | MAX(CASE WHEN kind = 'CLAIM' THEN 4 ELSE 0 END) | MAX(CASE WHEN kind = 'CO_MENTION' THEN 8 ELSE 0 END)
  FROM entity_links WHERE article_id IN (SELECT id FROM recount_articles)
  GROUP BY entity_id, other_id, article_id;
DROP TABLE recount_articles;
