-- PostgreSQL translation of db/0010_entity_search.sql.
-- Entities alone, in an index of their own: a type-ahead for entities ("Cam…") ranked every article,
-- event and claim whose words start the same way before keeping the entities, which at 100,000 articles
-- cost some 100 ms a keystroke. Rows mirror the ENTITY rows of search_index (same rowid: id * 4 + 1, name,
-- aliases as body), kept by their own triggers.
-- The FTS5 table becomes a table of the same name, as search_index does in 0002 (its comment tells how
-- MATCH, bm25 and snippet map): rowid, FTS5's columns name and body, and the generated, GIN-indexed
-- tsvector `document`.

CREATE TABLE entity_search (
  rowid bigint PRIMARY KEY,
  name text COLLATE "C",
  body text COLLATE "C",
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('graph_search'::regconfig, COALESCE(name, '')), 'A')
    || setweight(to_tsvector('graph_search'::regconfig, COALESCE(body, '')), 'B')
  ) STORED
);
CREATE INDEX entity_search_document ON entity_search USING gin (document);

CREATE FUNCTION entities_entity_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO entity_search (rowid, name, body) VALUES (NEW.id * 4 + 1, NEW.name, '');
  RETURN NULL;
END $$;
CREATE TRIGGER entities_entity_search_insert AFTER INSERT ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_entity_search_insert();

CREATE FUNCTION entities_entity_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body) VALUES (NEW.id * 4 + 1, NEW.name, entity_alias_text(NEW.id));
  RETURN NULL;
END $$;
CREATE TRIGGER entities_entity_search_update AFTER UPDATE OF name ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_entity_search_update();

CREATE FUNCTION entities_entity_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.id * 4 + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER entities_entity_search_delete AFTER DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION entities_entity_search_delete();

CREATE FUNCTION entity_aliases_entity_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_search WHERE rowid = NEW.entity_id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body)
  SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id) FROM entities e WHERE e.id = NEW.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_aliases_entity_search_insert AFTER INSERT ON entity_aliases
  FOR EACH ROW EXECUTE FUNCTION entity_aliases_entity_search_insert();

-- As in 0002: when the entity itself is being deleted, the SELECT finds nothing on either engine.
CREATE FUNCTION entity_aliases_entity_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.entity_id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body)
  SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id) FROM entities e WHERE e.id = OLD.entity_id;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_aliases_entity_search_delete AFTER DELETE ON entity_aliases
  FOR EACH ROW EXECUTE FUNCTION entity_aliases_entity_search_delete();

INSERT INTO entity_search (rowid, name, body)
SELECT e.id * 4 + 1, e.name, entity_alias_text(e.id) FROM entities e;
