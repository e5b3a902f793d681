-- Entities alone, in an index of their own: a type-ahead for entities ("Cam…") ranked every article,
-- event and claim whose words start the same way before keeping the entities, which at 100,000 articles
-- cost some 100 ms a keystroke. Rows mirror the ENTITY rows of search_index (same rowid: id * 4 + 1, name,
-- aliases as body), kept by their own triggers.

CREATE VIRTUAL TABLE entity_search USING fts5 (
  name,
  body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER entities_entity_search_insert AFTER INSERT ON entities BEGIN
  INSERT INTO entity_search (rowid, name, body) VALUES (NEW.id * 4 + 1, NEW.name, '');
END;
CREATE TRIGGER entities_entity_search_update AFTER UPDATE OF name ON entities BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body)
  SELECT NEW.id * 4 + 1, NEW.name, COALESCE(GROUP_CONCAT(a.alias, ' | '), '')
  FROM entity_aliases a WHERE a.entity_id = NEW.id;
END;
CREATE TRIGGER entities_entity_search_delete AFTER DELETE ON entities BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.id * 4 + 1;
END;
CREATE TRIGGER entity_aliases_entity_search_insert AFTER INSERT ON entity_aliases BEGIN
  DELETE FROM entity_search WHERE rowid = NEW.entity_id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body)
  SELECT e.id * 4 + 1, e.name,
         (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id)
  FROM entities e WHERE e.id = NEW.entity_id;
END;
CREATE TRIGGER entity_aliases_entity_search_delete AFTER DELETE ON entity_aliases BEGIN
  DELETE FROM entity_search WHERE rowid = OLD.entity_id * 4 + 1;
  INSERT INTO entity_search (rowid, name, body)
  SELECT e.id * 4 + 1, e.name,
         (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id)
  FROM entities e WHERE e.id = OLD.entity_id;
END;

INSERT INTO entity_search (rowid, name, body)
SELECT e.id * 4 + 1, e.name,
       (SELECT COALESCE(GROUP_CONCAT(a.alias, ' | '), '') FROM entity_aliases a WHERE a.entity_id = e.id)
FROM entities e;
