-- PostgreSQL translation of db/0005_graph_counters.sql.
-- Counts the writer keeps, so that reads never count by scanning: node totals for stats and the
-- explorer's home page, and each entity's mentions, articles, claims and events for its totalCounts,
-- the MENTIONS order and the most-mentioned list. Triggers keep them in the writing transaction, so every
-- path that changes the graph (ingest, re-ingest, delete and its cascades, prune, merge) keeps them true.
--
-- Where PostgreSQL's triggers differ from SQLite's:
-- * SQLite runs an AFTER row trigger right after its row, so a trigger sees the rows its statement changed
--   before it, not those after. PostgreSQL runs AFTER row triggers once the whole statement is done, and a
--   cascade (ON DELETE CASCADE / SET NULL) as part of the parent's AFTER triggers: every child trigger of a
--   cascade sees all of the cascade's rows already gone. A plain +1 / -1 per row ends the same either way
--   and stays a row trigger. A count of distinct things (an entity's articles, its events) asks "is this
--   the first / last row of its group?", which a row trigger answers wrongly here (deleting an article
--   that mentions an entity twice would take 2 from its article count), so those are statement triggers
--   with transition tables that apply the statement's net change, which is what SQLite's row-by-row
--   answers add up to.
-- * PostgreSQL has no transition tables for a column-specific UPDATE trigger: those statement triggers
--   fire on any UPDATE and return at once when no counted column changed.
-- * A counter row is locked by the first write to it until commit, so concurrent writers queue on
--   graph_counts. The counts are exact only for serialised writers (SQLite has one): concurrent
--   transactions that each add the first mention of one entity in one article would both count it. The
--   PostgreSQL store should serialise write transactions (e.g. pg_advisory_xact_lock), as SQLite's
--   BEGIN IMMEDIATE does.

-- WITHOUT ROWID has no counterpart: PostgreSQL tables are heaps, and the primary key is an index.
CREATE TABLE graph_counts (
  name text COLLATE "C" PRIMARY KEY,
  n bigint NOT NULL
);

INSERT INTO graph_counts (name, n)
SELECT 'articles', COUNT(*) FROM articles
UNION ALL SELECT 'PERSON', COUNT(*) FROM entities WHERE kind = 'PERSON'
UNION ALL SELECT 'COUNTRY', COUNT(*) FROM entities WHERE kind = 'COUNTRY'
UNION ALL SELECT 'ORGANIZATION', COUNT(*) FROM entities WHERE kind = 'ORGANIZATION'
UNION ALL SELECT 'PLACE', COUNT(*) FROM entities WHERE kind = 'PLACE'
UNION ALL SELECT 'events', COUNT(*) FROM events
UNION ALL SELECT 'claims', COUNT(*) FROM claims
UNION ALL SELECT 'relations', COUNT(*) FROM relations
UNION ALL SELECT 'mentions', COUNT(*) FROM mentions;

CREATE FUNCTION articles_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'articles';
  RETURN NULL;
END $$;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_count_insert();

CREATE FUNCTION articles_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'articles';
  RETURN NULL;
END $$;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_count_delete();

-- Entities are counted by kind; a kind never changes (merges refuse to mix kinds).
CREATE FUNCTION entities_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = NEW.kind;
  RETURN NULL;
END $$;
CREATE TRIGGER entities_count_insert AFTER INSERT ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_count_insert();

CREATE FUNCTION entities_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = OLD.kind;
  RETURN NULL;
END $$;
CREATE TRIGGER entities_count_delete AFTER DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_count_delete();

CREATE FUNCTION events_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'events';
  RETURN NULL;
END $$;
CREATE TRIGGER events_count_insert AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_count_insert();

CREATE FUNCTION events_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'events';
  RETURN NULL;
END $$;
CREATE TRIGGER events_count_delete AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_count_delete();

CREATE FUNCTION relations_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'relations';
  RETURN NULL;
END $$;
CREATE TRIGGER relations_count_insert AFTER INSERT ON relations
  FOR EACH ROW EXECUTE FUNCTION relations_count_insert();

CREATE FUNCTION relations_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'relations';
  RETURN NULL;
END $$;
CREATE TRIGGER relations_count_delete AFTER DELETE ON relations
  FOR EACH ROW EXECUTE FUNCTION relations_count_delete();

-- Per entity: mentions, distinct articles that mention it, claims it made, claims about it, and distinct
-- events it took part in (one entity may hold several roles at one event).
ALTER TABLE entities ADD COLUMN mention_count integer NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN article_count integer NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN claims_made_count integer NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN claims_about_count integer NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN event_count integer NOT NULL DEFAULT 0;

-- An entity's articles in id order, distinct, straight from the index; and the "how many mentions of this
-- entity in this article?" count the counters below make.
CREATE INDEX mentions_entity_article ON mentions (entity_id, article_id);

UPDATE entities SET
  mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = entities.id),
  article_count = (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = entities.id),
  claims_made_count = (SELECT COUNT(*) FROM claims c WHERE c.speaker_id = entities.id),
  claims_about_count = (SELECT COUNT(*) FROM claim_subjects s WHERE s.entity_id = entities.id),
  event_count = (SELECT COUNT(DISTINCT p.event_id) FROM event_participants p WHERE p.entity_id = entities.id);

-- The MENTIONS order and the most-mentioned entities walk these instead of counting every entity.
CREATE INDEX entities_mentions ON entities (mention_count DESC, id);
CREATE INDEX entities_kind_mentions ON entities (kind, mention_count DESC, id);

-- Mentions: statement triggers (see the top). For each (entity, article) pair the statement touched,
-- `present` is how many mentions it has now and `present - added + removed` how many it had before; the
-- entity gains an article where the pair went from none to some, and loses one where it went to none.
-- SQLite's trigger has the same net effect, with one exception: an UPDATE that sets entity_id or
-- article_id to the value it had adds an article on SQLite (its "other mention of the pair?" test leaves
-- the row itself out) and nothing here.
CREATE FUNCTION mentions_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  UPDATE graph_counts SET n = n + (SELECT COUNT(*) FROM new_rows) WHERE name = 'mentions';
  WITH pairs AS (
    SELECT entity_id, article_id, COUNT(*) AS added FROM new_rows GROUP BY entity_id, article_id
  ), deltas AS (
    SELECT p.entity_id, SUM(p.added) AS mentions,
           SUM(CASE WHEN c.present > 0 AND c.present - p.added = 0 THEN 1 ELSE 0 END) AS articles
    FROM pairs p CROSS JOIN LATERAL (
      SELECT COUNT(*) AS present FROM mentions m WHERE m.entity_id = p.entity_id AND m.article_id = p.article_id
    ) c
    GROUP BY p.entity_id
  )
  UPDATE entities e SET
    mention_count = e.mention_count + d.mentions,
    article_count = e.article_count + d.articles
  FROM deltas d WHERE e.id = d.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mentions_count_insert();

CREATE FUNCTION mentions_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
    RETURN NULL;
  END IF;
  UPDATE graph_counts SET n = n - (SELECT COUNT(*) FROM old_rows) WHERE name = 'mentions';
  WITH pairs AS (
    SELECT entity_id, article_id, COUNT(*) AS removed FROM old_rows GROUP BY entity_id, article_id
  ), deltas AS (
    SELECT p.entity_id, SUM(p.removed) AS mentions,
           SUM(CASE WHEN NOT EXISTS (
             SELECT 1 FROM mentions m WHERE m.entity_id = p.entity_id AND m.article_id = p.article_id
           ) THEN 1 ELSE 0 END) AS articles
    FROM pairs p
    GROUP BY p.entity_id
  )
  UPDATE entities e SET
    mention_count = e.mention_count - d.mentions,
    article_count = e.article_count - d.articles
  FROM deltas d WHERE e.id = d.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mentions_count_delete();

-- SQLite: AFTER UPDATE OF entity_id, article_id (a merge moves mentions to the kept entity).
CREATE FUNCTION mentions_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT id, entity_id, article_id FROM new_rows EXCEPT ALL SELECT id, entity_id, article_id FROM old_rows
  ) THEN
    RETURN NULL;
  END IF;
  WITH changed AS (
    SELECT entity_id, article_id, 1 AS added, 0 AS removed FROM new_rows
    UNION ALL
    SELECT entity_id, article_id, 0, 1 FROM old_rows
  ), pairs AS (
    SELECT entity_id, article_id, SUM(added) AS added, SUM(removed) AS removed
    FROM changed GROUP BY entity_id, article_id
  ), deltas AS (
    SELECT p.entity_id, SUM(p.added - p.removed) AS mentions,
           SUM((c.present > 0)::integer - (c.present - p.added + p.removed > 0)::integer) AS articles
    FROM pairs p CROSS JOIN LATERAL (
      SELECT COUNT(*) AS present FROM mentions m WHERE m.entity_id = p.entity_id AND m.article_id = p.article_id
    ) c
    GROUP BY p.entity_id
  )
  UPDATE entities e SET
    mention_count = e.mention_count + d.mentions,
    article_count = e.article_count + d.articles
  FROM deltas d WHERE e.id = d.entity_id AND (d.mentions <> 0 OR d.articles <> 0);
  RETURN NULL;
END $$;
CREATE TRIGGER mentions_count_update AFTER UPDATE ON mentions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentions_count_update();

CREATE FUNCTION claims_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'claims';
  UPDATE entities SET claims_made_count = claims_made_count + 1 WHERE id = NEW.speaker_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_count_insert AFTER INSERT ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_count_insert();

CREATE FUNCTION claims_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'claims';
  UPDATE entities SET claims_made_count = claims_made_count - 1 WHERE id = OLD.speaker_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_count_delete AFTER DELETE ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_count_delete();

-- Also runs when a deleted speaker's claims lose it (ON DELETE SET NULL) and when a merge moves them; the
-- deleted speaker's row is already gone then, on both engines, so its count is left alone.
CREATE FUNCTION claims_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entities SET claims_made_count = claims_made_count - 1 WHERE id = OLD.speaker_id;
  UPDATE entities SET claims_made_count = claims_made_count + 1 WHERE id = NEW.speaker_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_count_update AFTER UPDATE OF speaker_id ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_count_update();

CREATE FUNCTION claim_subjects_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entities SET claims_about_count = claims_about_count + 1 WHERE id = NEW.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claim_subjects_count_insert AFTER INSERT ON claim_subjects
  FOR EACH ROW EXECUTE FUNCTION claim_subjects_count_insert();

CREATE FUNCTION claim_subjects_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entities SET claims_about_count = claims_about_count - 1 WHERE id = OLD.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claim_subjects_count_delete AFTER DELETE ON claim_subjects
  FOR EACH ROW EXECUTE FUNCTION claim_subjects_count_delete();

CREATE FUNCTION claim_subjects_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entities SET claims_about_count = claims_about_count - 1 WHERE id = OLD.entity_id;
  UPDATE entities SET claims_about_count = claims_about_count + 1 WHERE id = NEW.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER claim_subjects_count_update AFTER UPDATE OF entity_id ON claim_subjects
  FOR EACH ROW EXECUTE FUNCTION claim_subjects_count_update();

-- Event participants: statement triggers, as for mentions, over (entity, event) pairs; a pair has one row
-- per role. The table has no id (SQLite's trigger told rows apart by rowid): rows are counted per pair.
CREATE FUNCTION event_participants_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH pairs AS (
    SELECT entity_id, event_id, COUNT(*) AS added FROM new_rows GROUP BY entity_id, event_id
  ), deltas AS (
    SELECT p.entity_id,
           SUM(CASE WHEN c.present > 0 AND c.present - p.added = 0 THEN 1 ELSE 0 END) AS events
    FROM pairs p CROSS JOIN LATERAL (
      SELECT COUNT(*) AS present FROM event_participants x
      WHERE x.entity_id = p.entity_id AND x.event_id = p.event_id
    ) c
    GROUP BY p.entity_id
  )
  UPDATE entities e SET event_count = e.event_count + d.events
  FROM deltas d WHERE e.id = d.entity_id AND d.events <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER event_participants_count_insert AFTER INSERT ON event_participants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_participants_count_insert();

CREATE FUNCTION event_participants_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH deltas AS (
    SELECT p.entity_id, COUNT(*) AS events
    FROM (SELECT DISTINCT entity_id, event_id FROM old_rows) p
    WHERE NOT EXISTS (
      SELECT 1 FROM event_participants x WHERE x.entity_id = p.entity_id AND x.event_id = p.event_id)
    GROUP BY p.entity_id
  )
  UPDATE entities e SET event_count = e.event_count - d.events
  FROM deltas d WHERE e.id = d.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER event_participants_count_delete AFTER DELETE ON event_participants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_participants_count_delete();

-- SQLite: AFTER UPDATE OF event_id, entity_id (merges move participants).
CREATE FUNCTION event_participants_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT event_id, entity_id FROM new_rows EXCEPT ALL SELECT event_id, entity_id FROM old_rows
  ) THEN
    RETURN NULL;
  END IF;
  WITH changed AS (
    SELECT entity_id, event_id, 1 AS added, 0 AS removed FROM new_rows
    UNION ALL
    SELECT entity_id, event_id, 0, 1 FROM old_rows
  ), pairs AS (
    SELECT entity_id, event_id, SUM(added) AS added, SUM(removed) AS removed
    FROM changed GROUP BY entity_id, event_id
  ), deltas AS (
    SELECT p.entity_id,
           SUM((c.present > 0)::integer - (c.present - p.added + p.removed > 0)::integer) AS events
    FROM pairs p CROSS JOIN LATERAL (
      SELECT COUNT(*) AS present FROM event_participants x
      WHERE x.entity_id = p.entity_id AND x.event_id = p.event_id
    ) c
    GROUP BY p.entity_id
  )
  UPDATE entities e SET event_count = e.event_count + d.events
  FROM deltas d WHERE e.id = d.entity_id AND d.events <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER event_participants_count_update AFTER UPDATE ON event_participants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_participants_count_update();

-- A claim's day: its event's date, else its article's publication day. Lists of claims filter and sort
-- on it; computing it per read joined every claim to its article row (body and all).
ALTER TABLE claims ADD COLUMN day text COLLATE "C";
UPDATE claims SET day = COALESCE(
  (SELECT ev.date FROM events ev WHERE ev.id = claims.event_id),
  (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = claims.article_id));

-- SQLite's AFTER INSERT trigger updates the new row; here a BEFORE row trigger sets the value on its way
-- in (same result, no second row version). It also runs for a row that ON CONFLICT DO NOTHING then skips,
-- which only touches that row's values.
CREATE FUNCTION claims_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := COALESCE(
    (SELECT ev.date FROM events ev WHERE ev.id = NEW.event_id),
    (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = NEW.article_id));
  RETURN NEW;
END $$;
CREATE TRIGGER claims_day_insert BEFORE INSERT ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_day_insert();

-- Also runs when a deleted event's claims lose it (ON DELETE SET NULL): the cascade's UPDATE sets event_id.
CREATE FUNCTION claims_day_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := COALESCE(
    (SELECT ev.date FROM events ev WHERE ev.id = NEW.event_id),
    (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = NEW.article_id));
  RETURN NEW;
END $$;
CREATE TRIGGER claims_day_event BEFORE UPDATE OF event_id ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_day_event();

CREATE FUNCTION events_claims_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims SET day = COALESCE(
    NEW.date, (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = claims.article_id))
  WHERE event_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER events_claims_day AFTER UPDATE OF date ON events
  FOR EACH ROW EXECUTE FUNCTION events_claims_day();
