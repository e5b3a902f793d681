-- Full-text search over the graph, the links between entities that neighbourhoods and paths walk,
-- and the indexes those queries need.

-- One FTS5 index for every searchable node, so that one MATCH ranks all kinds together (bm25 is only
-- comparable within one index). The rowid encodes the node: id * 4 + 0 article, 1 entity, 2 event,
-- 3 claim; that keeps every trigger's delete a rowid lookup. `name` weighs more than `body` at query time.
-- SQLite-specific (FTS5); the queries that read it live in src/store/search.ts only.
CREATE VIRTUAL TABLE search_index USING fts5 (
  name,
  body,
  kind UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4, NEW.title, NEW.body, 'ARTICLE');
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body ON articles BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4;
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4, NEW.title, NEW.body, 'ARTICLE');
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4;
END;

-- An entity is found by its name and every alias; aliases arrive after the entity row, so each alias
-- write rebuilds the entity's entry.
CREATE TRIGGER entities_search_insert AFTER INSERT ON entities BEGIN
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4 + 1, NEW.name, '', 'ENTITY');
END;
CREATE TRIGGER entities_search_update AFTER UPDATE OF name ON entities BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  SELECT NEW.id * 4 + 1, NEW.name, COALESCE(GROUP_CONCAT(a.alias, ' | '), ''), 'ENTITY'
  FROM entity_aliases a WHERE a.entity_id = NEW.id;
END;
CREATE TRIGGER entities_search_delete AFTER DELETE ON entities BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
END;
CREATE TRIGGER entity_aliases_search_insert AFTER INSERT ON entity_aliases BEGIN
  DELETE FROM search_index WHERE rowid = NEW.entity_id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  SELECT e.id * 4 + 1, e.name,
         (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id),
         'ENTITY'
  FROM entities e WHERE e.id = NEW.entity_id;
END;
-- When the entity itself is being deleted, the SELECT finds nothing and the entry stays deleted.
CREATE TRIGGER entity_aliases_search_delete AFTER DELETE ON entity_aliases BEGIN
  DELETE FROM search_index WHERE rowid = OLD.entity_id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  SELECT e.id * 4 + 1, e.name,
         (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id),
         'ENTITY'
  FROM entities e WHERE e.id = OLD.entity_id;
END;

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 2, NEW.name, COALESCE(NEW.description, ''), 'EVENT');
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF name, description ON events BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 2, NEW.name, COALESCE(NEW.description, ''), 'EVENT');
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;

CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 3, NEW.text, COALESCE(NEW.quote, ''), 'CLAIM');
END;
CREATE TRIGGER claims_search_update AFTER UPDATE OF text, quote ON claims BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 3, NEW.text, COALESCE(NEW.quote, ''), 'CLAIM');
END;
CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
END;

-- Databases created before this migration: index what they already hold.
INSERT INTO search_index (rowid, name, body, kind) SELECT id * 4, title, body, 'ARTICLE' FROM articles;
INSERT INTO search_index (rowid, name, body, kind)
SELECT e.id * 4 + 1, e.name,
       (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id),
       'ENTITY'
FROM entities e;
INSERT INTO search_index (rowid, name, body, kind)
SELECT id * 4 + 2, name, COALESCE(description, ''), 'EVENT' FROM events;
INSERT INTO search_index (rowid, name, body, kind)
SELECT id * 4 + 3, text, COALESCE(quote, ''), 'CLAIM' FROM claims;

-- Co-mention: the mentions of one sentence are found by the sentence's start in its article.
CREATE INDEX evidence_sentence ON evidence (article_id, sentence_start);

-- Every fact that links two entities, once in each direction, with the evidence that states it:
--   RELATION     a typed relation, either way round (ref: the relation)
--   SHARED_EVENT both took part in one event (ref: the event)
--   CLAIM        one made a claim about the other (ref: the claim)
--   CO_MENTION   both are mentioned in one sentence (ref: the mention evidence of `other_id`)
-- Neighbourhoods, paths and exports read this view; callers filter on entity_id, which SQLite pushes
-- into each arm of the UNION ALL, so no arm scans its whole table.
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
SELECT p1.entity_id, p2.entity_id, 'SHARED_EVENT', p1.event_id, ev.id, ev.article_id, ev.sentence_start
FROM event_participants p1
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
