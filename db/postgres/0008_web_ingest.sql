-- PostgreSQL translation of db/0008_web_ingest.sql.
-- Articles from the web: their language, whether facts were extracted, the other addresses the same
-- story was published at, a near-duplicate fingerprint, the raw page when asked to keep it, and the
-- state of the feeds that are watched.

ALTER TABLE articles ADD COLUMN language text COLLATE "C";
-- 0 when the article was stored without extraction (a language extraction does not cover).
ALTER TABLE articles ADD COLUMN facts_extracted integer NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN author text COLLATE "C";
ALTER TABLE articles ADD COLUMN canonical_url text COLLATE "C";
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_canonical_url ON articles (canonical_url);

-- Every other address the article's story was seen at: syndicated copies, the same story at a second
-- URL. The article's own url stays on the articles row.
CREATE TABLE article_urls (
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  url text COLLATE "C" NOT NULL,
  source text COLLATE "C",
  -- canonical | near-duplicate | same-text
  matched_by text COLLATE "C" NOT NULL,
  seen_at text COLLATE "C" NOT NULL
    DEFAULT to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  PRIMARY KEY (article_id, url)
);
CREATE INDEX article_urls_url ON article_urls (url);

-- MinHash band keys of each article's body (16 bands of 4 min-hashes over word 3-shingles): an article
-- sharing a band key with a new one is a near-duplicate candidate, confirmed on the texts themselves.
-- A band key is an unsigned 32-bit number, past integer's range: bigint. WITHOUT ROWID has no counterpart.
CREATE TABLE article_bands (
  band integer NOT NULL,
  band_key bigint NOT NULL,
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (band, band_key, article_id)
);
CREATE INDEX article_bands_article ON article_bands (article_id);

-- The page an article was read from, kept only when the user asks (--keep-html).
-- SQLite's INTEGER PRIMARY KEY here is the article's id, never generated: no identity.
CREATE TABLE article_pages (
  article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  html text COLLATE "C" NOT NULL
);

-- Feeds being watched: conditional-GET validators and back-off, so a restart resumes where it was.
CREATE TABLE feeds (
  url text COLLATE "C" PRIMARY KEY,
  etag text COLLATE "C",
  last_modified text COLLATE "C",
  checked_at text COLLATE "C",
  failures integer NOT NULL DEFAULT 0,
  next_check_at text COLLATE "C"
);

-- Items of a feed already handled; an item is ingested once whatever happens to its article later.
CREATE TABLE feed_items (
  feed_url text COLLATE "C" NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
  item_key text COLLATE "C" NOT NULL,
  article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
  seen_at text COLLATE "C" NOT NULL
    DEFAULT to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  PRIMARY KEY (feed_url, item_key)
);
