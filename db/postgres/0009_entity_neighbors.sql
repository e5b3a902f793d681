-- PostgreSQL translation of db/0009_entity_neighbors.sql.
-- Each entity's neighbours, kept by the writer so that the strongest ones are an index read, not an
-- aggregate over every link of a popular entity (which at 100,000 articles ran past the request budget).
--
-- entity_neighbor_articles holds what one article contributes to a pair (both directions), computed from
-- the entity_links view when the article is written: the sentences that link the two, the facts
-- (relations, shared events, claims) it reports about both, and a bit per kind of link. Its triggers keep
-- entity_neighbors, the totals per pair, in the same transaction. Deleting an article takes its
-- contribution with it (the cascade); merging entities recomputes the articles of the merged one.
-- The triggers add and subtract per row, so PostgreSQL's firing them at the end of the statement (and of
-- a cascade) ends in the same totals. The reads live in src/store/neighbors.ts; its contribution query
-- (MAX(kind = 'RELATION') | ...) is SQLite's dialect: PostgreSQL has no MAX over booleans nor | between a
-- boolean and a number, so the portable form is MAX(CASE WHEN kind = 'RELATION' THEN 1 ELSE 0 END) | ...,
-- as below. Its `n.rowid IN (...)` needs a LATERAL join here: entity_neighbors has no rowid.

-- WITHOUT ROWID has no counterpart: PostgreSQL tables are heaps, and the primary key is an index.
CREATE TABLE entity_neighbor_articles (
  entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  other_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  sentence_count integer NOT NULL,
  fact_count integer NOT NULL,
  -- 1 RELATION, 2 SHARED_EVENT, 4 CLAIM, 8 CO_MENTION
  kinds integer NOT NULL,
  PRIMARY KEY (entity_id, other_id, article_id)
);
CREATE INDEX entity_neighbor_articles_article ON entity_neighbor_articles (article_id);
CREATE INDEX entity_neighbor_articles_other ON entity_neighbor_articles (other_id);

CREATE TABLE entity_neighbors (
  entity_id bigint NOT NULL,
  other_id bigint NOT NULL,
  article_count integer NOT NULL,
  sentence_count integer NOT NULL,
  fact_count integer NOT NULL,
  -- How many of the articles link the two by each kind: a kind is listed while its count is above 0.
  relation_articles integer NOT NULL,
  event_articles integer NOT NULL,
  claim_articles integer NOT NULL,
  mention_articles integer NOT NULL,
  weight integer GENERATED ALWAYS AS (article_count + sentence_count + fact_count) STORED,
  -- SQLite's implicit rowid, made explicit: the neighbour page statement picks rows by it.
  rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  PRIMARY KEY (entity_id, other_id)
);
CREATE INDEX entity_neighbors_strongest ON entity_neighbors (entity_id, weight DESC, other_id);

-- SQLite's `NEW.kinds & 1 > 0` is 0 or 1; PostgreSQL's comparison is a boolean, cast to integer.
CREATE FUNCTION entity_neighbor_articles_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO entity_neighbors (entity_id, other_id, article_count, sentence_count, fact_count,
                                relation_articles, event_articles, claim_articles, mention_articles)
  VALUES (NEW.entity_id, NEW.other_id, 1, NEW.sentence_count, NEW.fact_count,
          ((NEW.kinds & 1) > 0)::integer, ((NEW.kinds & 2) > 0)::integer,
          ((NEW.kinds & 4) > 0)::integer, ((NEW.kinds & 8) > 0)::integer)
  ON CONFLICT (entity_id, other_id) DO UPDATE SET
    article_count = entity_neighbors.article_count + 1,
    sentence_count = entity_neighbors.sentence_count + excluded.sentence_count,
    fact_count = entity_neighbors.fact_count + excluded.fact_count,
    relation_articles = entity_neighbors.relation_articles + excluded.relation_articles,
    event_articles = entity_neighbors.event_articles + excluded.event_articles,
    claim_articles = entity_neighbors.claim_articles + excluded.claim_articles,
    mention_articles = entity_neighbors.mention_articles + excluded.mention_articles;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_neighbor_articles_insert AFTER INSERT ON entity_neighbor_articles
  FOR EACH ROW EXECUTE FUNCTION entity_neighbor_articles_insert();

CREATE FUNCTION entity_neighbor_articles_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entity_neighbors SET
    article_count = article_count - 1,
    sentence_count = sentence_count - OLD.sentence_count,
    fact_count = fact_count - OLD.fact_count,
    relation_articles = relation_articles - ((OLD.kinds & 1) > 0)::integer,
    event_articles = event_articles - ((OLD.kinds & 2) > 0)::integer,
    claim_articles = claim_articles - ((OLD.kinds & 4) > 0)::integer,
    mention_articles = mention_articles - ((OLD.kinds & 8) > 0)::integer
  WHERE entity_id = OLD.entity_id AND other_id = OLD.other_id;
  DELETE FROM entity_neighbors
  WHERE entity_id = OLD.entity_id AND other_id = OLD.other_id AND article_count <= 0;
  RETURN NULL;
END $$;
CREATE TRIGGER entity_neighbor_articles_delete AFTER DELETE ON entity_neighbor_articles
  FOR EACH ROW EXECUTE FUNCTION entity_neighbor_articles_delete();

-- The graph as it stands.
INSERT INTO entity_neighbor_articles (entity_id, other_id, article_id, sentence_count, fact_count, kinds)
SELECT entity_id, other_id, article_id,
       COUNT(DISTINCT sentence_start),
       COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN kind || ':' || ref_id END),
       MAX(CASE WHEN kind = 'RELATION' THEN 1 ELSE 0 END) | MAX(CASE WHEN kind = 'SHARED_EVENT' THEN 2 ELSE 0 END)
         | MAX(CASE WHEN kind = 'CLAIM' THEN 4 ELSE 0 END) | MAX(CASE WHEN kind = 'CO_MENTION' THEN 8 ELSE 0 END)
FROM entity_links
GROUP BY entity_id, other_id, article_id;
