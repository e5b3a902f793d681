-- Articles from the web: their language, whether facts were extracted, the other addresses the same
-- story was published at, a near-duplicate fingerprint, the raw page when asked to keep it, and the
-- state of the feeds that are watched.

ALTER TABLE articles ADD COLUMN language TEXT;
-- 0 when the article was stored without extraction (a language extraction does not cover).
ALTER TABLE articles ADD COLUMN facts_extracted INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN canonical_url TEXT;
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_canonical_url ON articles (canonical_url);

-- Every other address the article's story was seen at: syndicated copies, the same story at a second
-- URL. The article's own url stays on the articles row.
CREATE TABLE article_urls (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  source TEXT,
  -- canonical | near-duplicate | same-text
  matched_by TEXT NOT NULL,
  seen_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (article_id, url)
);
CREATE INDEX article_urls_url ON article_urls (url);

-- MinHash band keys of each article's body (16 bands of 4 min-hashes over word 3-shingles): an article
-- sharing a band key with a new one is a near-duplicate candidate, confirmed on the texts themselves.
CREATE TABLE article_bands (
  band INTEGER NOT NULL,
  band_key INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (band, band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands (article_id);

-- The page an article was read from, kept only when the user asks (--keep-html).
CREATE TABLE article_pages (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  html TEXT NOT NULL
);

-- Feeds being watched: conditional-GET validators and back-off, so a restart resumes where it was.
CREATE TABLE feeds (
  url TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  checked_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  next_check_at TEXT
);

-- Items of a feed already handled; an item is ingested once whatever happens to its article later.
CREATE TABLE feed_items (
  feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
  seen_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (feed_url, item_key)
);
