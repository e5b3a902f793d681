-- Each entity's neighbours, kept by the writer so that the strongest ones are an index read, not an
-- aggregate over every link of a popular entity (which at 100,000 articles ran past the request budget).
--
-- entity_neighbor_articles holds what one article contributes to a pair (both directions), computed from
-- the entity_links view when the article is written: the sentences that link the two, the facts
-- (relations, shared events, claims) it reports about both, and a bit per kind of link. Its triggers keep
-- entity_neighbors, the totals per pair, in the same transaction. Deleting an article takes its
-- contribution with it (the cascade); merging entities recomputes the articles of the merged one.
-- SQLite-specific (triggers); the reads live in src/store/neighbors.ts.

CREATE TABLE entity_neighbor_articles (
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  other_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  sentence_count INTEGER NOT NULL,
  fact_count INTEGER NOT NULL,
  -- 1 RELATION, 2 SHARED_EVENT, 4 CLAIM, 8 CO_MENTION
  kinds INTEGER NOT NULL,
  PRIMARY KEY (entity_id, other_id, article_id)
) WITHOUT ROWID;
CREATE INDEX entity_neighbor_articles_article ON entity_neighbor_articles (article_id);
CREATE INDEX entity_neighbor_articles_other ON entity_neighbor_articles (other_id);

CREATE TABLE entity_neighbors (
  entity_id INTEGER NOT NULL,
  other_id INTEGER NOT NULL,
  article_count INTEGER NOT NULL,
  sentence_count INTEGER NOT NULL,
  fact_count INTEGER NOT NULL,
  -- How many of the articles link the two by each kind: a kind is listed while its count is above 0.
  relation_articles INTEGER NOT NULL,
  event_articles INTEGER NOT NULL,
  claim_articles INTEGER NOT NULL,
  mention_articles INTEGER NOT NULL,
  weight INTEGER GENERATED ALWAYS AS (article_count + sentence_count + fact_count) STORED,
  PRIMARY KEY (entity_id, other_id)
);
CREATE INDEX entity_neighbors_strongest ON entity_neighbors (entity_id, weight DESC, other_id);

CREATE TRIGGER entity_neighbor_articles_insert AFTER INSERT ON entity_neighbor_articles BEGIN
  INSERT INTO entity_neighbors (entity_id, other_id, article_count, sentence_count, fact_count,
                                relation_articles, event_articles, claim_articles, mention_articles)
  VALUES (NEW.entity_id, NEW.other_id, 1, NEW.sentence_count, NEW.fact_count,
          NEW.kinds & 1 > 0, NEW.kinds & 2 > 0, NEW.kinds & 4 > 0, NEW.kinds & 8 > 0)
  ON CONFLICT (entity_id, other_id) DO UPDATE SET
    article_count = article_count + 1,
    sentence_count = sentence_count + excluded.sentence_count,
    fact_count = fact_count + excluded.fact_count,
    relation_articles = relation_articles + excluded.relation_articles,
    event_articles = event_articles + excluded.event_articles,
    claim_articles = claim_articles + excluded.claim_articles,
    mention_articles = mention_articles + excluded.mention_articles;
END;

CREATE TRIGGER entity_neighbor_articles_delete AFTER DELETE ON entity_neighbor_articles BEGIN
  UPDATE entity_neighbors SET
    article_count = article_count - 1,
    sentence_count = sentence_count - OLD.sentence_count,
    fact_count = fact_count - OLD.fact_count,
    relation_articles = relation_articles - (OLD.kinds & 1 > 0),
    event_articles = event_articles - (OLD.kinds & 2 > 0),
    claim_articles = claim_articles - (OLD.kinds & 4 > 0),
    mention_articles = mention_articles - (OLD.kinds & 8 > 0)
  WHERE entity_id = OLD.entity_id AND other_id = OLD.other_id;
  DELETE FROM entity_neighbors
  WHERE entity_id = OLD.entity_id AND other_id = OLD.other_id AND article_count <= 0;
END;

-- The graph as it stands.
INSERT INTO entity_neighbor_articles (entity_id, other_id, article_id, sentence_count, fact_count, kinds)
SELECT entity_id, other_id, article_id,
       COUNT(DISTINCT sentence_start),
       COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN kind || ':' || ref_id END),
       MAX(kind = 'RELATION') | MAX(kind = 'SHARED_EVENT') * 2 | MAX(kind = 'CLAIM') * 4
         | MAX(kind = 'CO_MENTION') * 8
FROM entity_links
GROUP BY entity_id, other_id, article_id;
