-- PostgreSQL translation of db/0012_mention_form.sql.
-- What each mention's words are: 'name', 'demonym' ("Russian" for Russia), 'metonym' ("Moscow said" for
-- Russia), 'description' ("the president") or 'pronoun'. NULL for curated and earlier mentions, which
-- the API reads as names. Mention lists leave demonyms and metonyms out unless asked: those words are an
-- attribute or a stand-in, not a name of the entity.
ALTER TABLE mentions ADD COLUMN form text COLLATE "C";
-- Counts of an entity's mentions by form read this index alone.
CREATE INDEX mentions_entity_form ON mentions (entity_id, form);
