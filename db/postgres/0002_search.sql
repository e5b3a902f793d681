-- PostgreSQL translation of db/0002_search.sql: full-text search over the graph, the links between
-- entities that neighbourhoods and paths walk, and the indexes those queries need.

-- FTS5 has no PostgreSQL counterpart; its closest is a table of the same name and rows whose tsvector
-- column has a GIN index:
--   rowid                  the FTS5 rowid made a real column (id * 4 + 0 article, 1 entity, 2 event, 3 claim),
--                          so `SELECT rowid / 4 FROM search_index`, `search_index.rowid = hit_id` and the
--                          triggers' deletes by rowid read the same on both engines.
--   name, body, kind       FTS5's columns, in its order (kind is not indexed, as FTS5's UNINDEXED).
--   document               generated from name (weight A) and body (weight B); the column MATCH reads.
-- tokenize = 'unicode61 remove_diacritics 2' becomes the text search configuration graph_search: the
-- `simple` dictionary (lower-cased words, no stemming, no stop words) behind `unaccent`. PostgreSQL's
-- parser splits text a little differently from unicode61 (it keeps "3.5" or an e-mail address as one
-- token and also indexes a hyphenated word whole); plain words match alike.
-- prefix = '2 3' has nothing to translate: a GIN index answers prefix queries (`word:*`) by itself.
-- Queries (src/store/search.ts): `search_index MATCH @match` is `document @@ @query`, the query a tsquery
-- built from the same terms (phrase "a b" -> 'a <-> b', last-word prefix -> 'ber:*', terms ANDed with &),
-- parsed with to_tsquery('graph_search', ...). bm25(search_index, 10.0, 1.0), lower is better, maps to
-- -ts_rank('{0, 0, 0.1, 1.0}', document, query) (the weights are {D, C, B, A}: name ten times body), negated
-- so that ascending order and the keyset cursor work unchanged; ts_rank has no IDF, so ties and orders can
-- differ from bm25. snippet(search_index, -1, open, close, '…', 16) maps to ts_headline('graph_search',
-- body or name, query, 'StartSel=<open>, StopSel=<close>, MaxWords=16, MinWords=4, MaxFragments=1,
-- FragmentDelimiter=…'): FTS5 picks the best-matching column, so use body where `to_tsvector(body)` matches
-- the query, else name; ts_headline re-reads the text, as snippet() does, so cut it for the page only.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION graph_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION graph_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH unaccent, simple;

CREATE TABLE search_index (
  rowid bigint PRIMARY KEY,
  name text COLLATE "C",
  body text COLLATE "C",
  kind text COLLATE "C",
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('graph_search'::regconfig, COALESCE(name, '')), 'A')
    || setweight(to_tsvector('graph_search'::regconfig, COALESCE(body, '')), 'B')
  ) STORED
);
CREATE INDEX search_index_document ON search_index USING gin (document);

-- An entity's aliases as its index entry's body: SQLite's GROUP_CONCAT joins them in the order it reads
-- them, which is norm order (the primary key's index); string_agg is told that order.
CREATE FUNCTION entity_alias_text(entity bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT COALESCE(string_agg(a.alias, ' | ' ORDER BY a.norm), '') FROM entity_aliases a WHERE a.entity_id = entity
$$;

-- Each SQLite trigger is a trigger function of the same name and a row trigger. PostgreSQL fires AFTER
-- row triggers at the end of the statement rather than after each row; these only write rows keyed by the
-- changed row, so the end state is the same.
CREATE FUNCTION articles_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4, NEW.title, NEW.body, 'ARTICLE');
  RETURN NULL;
END $$;
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_search_insert();

CREATE FUNCTION articles_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4;
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4, NEW.title, NEW.body, 'ARTICLE');
  RETURN NULL;
END $$;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_search_update();

CREATE FUNCTION articles_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4;
  RETURN NULL;
END $$;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_search_delete();

-- An entity is found by its name and every alias; aliases arrive after the entity row, so each alias
-- write rebuilds the entity's entry.
CREATE FUNCTION entities_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_index (rowid, name, body, kind) VALUES (NEW.id * 4 + 1, NEW.name, '', 'ENTITY');
  RETURN NULL;
END $$;
CREATE TRIGGER entities_search_insert AFTER INSERT ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_search_insert();

CREATE FUNCTION entities_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 1, NEW.name, entity_alias_text(NEW.id), 'ENTITY');
  RETURN NULL;
END $$;
CREATE TRIGGER entities_search_update AFTER UPDATE OF name ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_search_update();

CREATE FUNCTION entities_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER entities_search_delete AFTER DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_search_delete();

CREATE FUNCTION entity_aliases_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = NEW.entity_id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id), 'ENTITY'
  FROM entities e WHERE e.id = NEW.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_aliases_search_insert AFTER INSERT ON entity_aliases
  FOR EACH ROW EXECUTE FUNCTION entity_aliases_search_insert();

-- When the entity itself is being deleted, the SELECT finds nothing and the entry stays deleted. That
-- holds on PostgreSQL too: a cascade runs from the parent's AFTER row trigger, once the parent row is gone.
CREATE FUNCTION entity_aliases_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.entity_id * 4 + 1;
  INSERT INTO search_index (rowid, name, body, kind)
  SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id), 'ENTITY'
  FROM entities e WHERE e.id = OLD.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_aliases_search_delete AFTER DELETE ON entity_aliases
  FOR EACH ROW EXECUTE FUNCTION entity_aliases_search_delete();

CREATE FUNCTION events_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 2, NEW.name, COALESCE(NEW.description, ''), 'EVENT');
  RETURN NULL;
END $$;
CREATE TRIGGER events_search_insert AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_search_insert();

CREATE FUNCTION events_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 2, NEW.name, COALESCE(NEW.description, ''), 'EVENT');
  RETURN NULL;
END $$;
CREATE TRIGGER events_search_update AFTER UPDATE OF name, description ON events
  FOR EACH ROW EXECUTE FUNCTION events_search_update();

CREATE FUNCTION events_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
  RETURN NULL;
END $$;
CREATE TRIGGER events_search_delete AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_search_delete();

CREATE FUNCTION claims_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 3, NEW.text, COALESCE(NEW.quote, ''), 'CLAIM');
  RETURN NULL;
END $$;
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_search_insert();

CREATE FUNCTION claims_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
  INSERT INTO search_index (rowid, name, body, kind)
  VALUES (NEW.id * 4 + 3, NEW.text, COALESCE(NEW.quote, ''), 'CLAIM');
  RETURN NULL;
END $$;
CREATE TRIGGER claims_search_update AFTER UPDATE OF text, quote ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_search_update();

CREATE FUNCTION claims_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_search_delete AFTER DELETE ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_search_delete();

-- Databases created before this migration: index what they already hold.
INSERT INTO search_index (rowid, name, body, kind) SELECT id * 4, title, body, 'ARTICLE' FROM articles;
INSERT INTO search_index (rowid, name, body, kind)
SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id), 'ENTITY' FROM entities e;
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
-- Neighbourhoods, paths and exports read this view; callers filter on entity_id, which PostgreSQL, like
-- SQLite, pushes into each arm of the UNION ALL.
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
