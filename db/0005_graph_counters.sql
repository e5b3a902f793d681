-- Counts the writer keeps, so that reads never count by scanning: node totals for stats and the
-- explorer's home page, and each entity's mentions, articles, claims and events for its totalCounts,
-- the MENTIONS order and the most-mentioned list. Triggers keep them in the writing transaction, so every
-- path that changes the graph (ingest, re-ingest, delete and its cascades, prune, merge) keeps them true.
-- SQLite-specific (triggers); the reads live in src/store/stats.ts and the entity store.

CREATE TABLE graph_counts (
  name TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;

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

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'articles';
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'articles';
END;
-- Entities are counted by kind; a kind never changes (merges refuse to mix kinds).
CREATE TRIGGER entities_count_insert AFTER INSERT ON entities BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = NEW.kind;
END;
CREATE TRIGGER entities_count_delete AFTER DELETE ON entities BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = OLD.kind;
END;
CREATE TRIGGER events_count_insert AFTER INSERT ON events BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'events';
END;
CREATE TRIGGER events_count_delete AFTER DELETE ON events BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'events';
END;
CREATE TRIGGER relations_count_insert AFTER INSERT ON relations BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'relations';
END;
CREATE TRIGGER relations_count_delete AFTER DELETE ON relations BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'relations';
END;

-- Per entity: mentions, distinct articles that mention it, claims it made, claims about it, and distinct
-- events it took part in (one entity may hold several roles at one event).
ALTER TABLE entities ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN claims_made_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN claims_about_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;

-- An entity's articles in id order, distinct, straight from the index; and the "first mention of this
-- entity in this article?" test the counters below make.
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

CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'mentions';
  UPDATE entities SET
    mention_count = mention_count + 1,
    article_count = article_count + NOT EXISTS (
      SELECT 1 FROM mentions m WHERE m.entity_id = NEW.entity_id AND m.article_id = NEW.article_id AND m.id <> NEW.id)
  WHERE id = NEW.entity_id;
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'mentions';
  UPDATE entities SET
    mention_count = mention_count - 1,
    article_count = article_count - NOT EXISTS (
      SELECT 1 FROM mentions m WHERE m.entity_id = OLD.entity_id AND m.article_id = OLD.article_id)
  WHERE id = OLD.entity_id;
END;
CREATE TRIGGER mentions_count_update AFTER UPDATE OF entity_id, article_id ON mentions BEGIN
  UPDATE entities SET
    mention_count = mention_count - 1,
    article_count = article_count - NOT EXISTS (
      SELECT 1 FROM mentions m WHERE m.entity_id = OLD.entity_id AND m.article_id = OLD.article_id)
  WHERE id = OLD.entity_id;
  UPDATE entities SET
    mention_count = mention_count + 1,
    article_count = article_count + NOT EXISTS (
      SELECT 1 FROM mentions m WHERE m.entity_id = NEW.entity_id AND m.article_id = NEW.article_id AND m.id <> NEW.id)
  WHERE id = NEW.entity_id;
END;

CREATE TRIGGER claims_count_insert AFTER INSERT ON claims BEGIN
  UPDATE graph_counts SET n = n + 1 WHERE name = 'claims';
  UPDATE entities SET claims_made_count = claims_made_count + 1 WHERE id = NEW.speaker_id;
END;
CREATE TRIGGER claims_count_delete AFTER DELETE ON claims BEGIN
  UPDATE graph_counts SET n = n - 1 WHERE name = 'claims';
  UPDATE entities SET claims_made_count = claims_made_count - 1 WHERE id = OLD.speaker_id;
END;
-- Also runs when a deleted speaker's claims lose it (ON DELETE SET NULL) and when a merge moves them.
CREATE TRIGGER claims_count_update AFTER UPDATE OF speaker_id ON claims BEGIN
  UPDATE entities SET claims_made_count = claims_made_count - 1 WHERE id = OLD.speaker_id;
  UPDATE entities SET claims_made_count = claims_made_count + 1 WHERE id = NEW.speaker_id;
END;

CREATE TRIGGER claim_subjects_count_insert AFTER INSERT ON claim_subjects BEGIN
  UPDATE entities SET claims_about_count = claims_about_count + 1 WHERE id = NEW.entity_id;
END;
CREATE TRIGGER claim_subjects_count_delete AFTER DELETE ON claim_subjects BEGIN
  UPDATE entities SET claims_about_count = claims_about_count - 1 WHERE id = OLD.entity_id;
END;
CREATE TRIGGER claim_subjects_count_update AFTER UPDATE OF entity_id ON claim_subjects BEGIN
  UPDATE entities SET claims_about_count = claims_about_count - 1 WHERE id = OLD.entity_id;
  UPDATE entities SET claims_about_count = claims_about_count + 1 WHERE id = NEW.entity_id;
END;

CREATE TRIGGER event_participants_count_insert AFTER INSERT ON event_participants BEGIN
  UPDATE entities SET event_count = event_count + NOT EXISTS (
    SELECT 1 FROM event_participants p
    WHERE p.event_id = NEW.event_id AND p.entity_id = NEW.entity_id AND p.role <> NEW.role)
  WHERE id = NEW.entity_id;
END;
CREATE TRIGGER event_participants_count_delete AFTER DELETE ON event_participants BEGIN
  UPDATE entities SET event_count = event_count - NOT EXISTS (
    SELECT 1 FROM event_participants p WHERE p.event_id = OLD.event_id AND p.entity_id = OLD.entity_id)
  WHERE id = OLD.entity_id;
END;
CREATE TRIGGER event_participants_count_update AFTER UPDATE OF event_id, entity_id ON event_participants BEGIN
  UPDATE entities SET event_count = event_count - NOT EXISTS (
    SELECT 1 FROM event_participants p WHERE p.event_id = OLD.event_id AND p.entity_id = OLD.entity_id)
  WHERE id = OLD.entity_id;
  UPDATE entities SET event_count = event_count + NOT EXISTS (
    SELECT 1 FROM event_participants p
    WHERE p.event_id = NEW.event_id AND p.entity_id = NEW.entity_id AND p.rowid <> NEW.rowid)
  WHERE id = NEW.entity_id;
END;

-- A claim's day: its event's date, else its article's publication day. Lists of claims filter and sort
-- on it; computing it per read joined every claim to its article row (body and all).
ALTER TABLE claims ADD COLUMN day TEXT;
UPDATE claims SET day = COALESCE(
  (SELECT ev.date FROM events ev WHERE ev.id = claims.event_id),
  (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = claims.article_id));

CREATE TRIGGER claims_day_insert AFTER INSERT ON claims BEGIN
  UPDATE claims SET day = COALESCE(
    (SELECT ev.date FROM events ev WHERE ev.id = NEW.event_id),
    (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = NEW.article_id))
  WHERE id = NEW.id;
END;
-- Also runs when a deleted event's claims lose it (ON DELETE SET NULL).
CREATE TRIGGER claims_day_event AFTER UPDATE OF event_id ON claims BEGIN
  UPDATE claims SET day = COALESCE(
    (SELECT ev.date FROM events ev WHERE ev.id = NEW.event_id),
    (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = NEW.article_id))
  WHERE id = NEW.id;
END;
CREATE TRIGGER events_claims_day AFTER UPDATE OF date ON events BEGIN
  UPDATE claims SET day = COALESCE(
    NEW.date, (SELECT SUBSTR(a.published_at, 1, 10) FROM articles a WHERE a.id = claims.article_id))
  WHERE event_id = NEW.id;
END;
