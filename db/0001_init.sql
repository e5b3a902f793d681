-- The knowledge graph: articles, the entities and events they state, claims, relations,
-- and the evidence spans that tie every fact to the article text.

CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  published_at TEXT,
  source TEXT,
  url TEXT,
  content_hash TEXT NOT NULL UNIQUE,
  -- Hash of the curated annotation a seed was loaded from; NULL for extracted articles.
  annotation_hash TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX articles_published_at ON articles (published_at, id);

-- A span of an article's body (UTF-16 offsets), with the sentence that holds it.
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  CHECK (start_offset < end_offset),
  CHECK (sentence_start <= start_offset AND end_offset <= sentence_end),
  UNIQUE (article_id, start_offset, end_offset)
);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE')),
  name TEXT NOT NULL,
  description TEXT,
  wikidata_id TEXT,
  -- ISO 3166-1 alpha-2, countries only.
  code TEXT UNIQUE,
  country_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  CHECK ((kind = 'COUNTRY') = (code IS NOT NULL))
);
CREATE INDEX entities_kind ON entities (kind, id);
CREATE INDEX entities_country ON entities (country_id);

-- Every name an entity goes by, its canonical name included; norm is lower-cased and
-- stripped of accents and punctuation so that lookups and merges agree.
CREATE TABLE entity_aliases (
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (entity_id, norm)
);
CREATE INDEX entity_aliases_norm ON entity_aliases (norm);

CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  UNIQUE (entity_id, evidence_id)
);
CREATE INDEX mentions_entity ON mentions (entity_id, id);
CREATE INDEX mentions_article ON mentions (article_id, id);
CREATE INDEX mentions_evidence ON mentions (evidence_id);

CREATE TABLE offices (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  country_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  organization_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  UNIQUE (person_id, title)
);
CREATE INDEX offices_country ON offices (country_id, person_id);
CREATE INDEX offices_organization ON offices (organization_id);

CREATE TABLE office_evidence (
  office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  PRIMARY KEY (office_id, evidence_id)
);
CREATE INDEX office_evidence_evidence ON office_evidence (evidence_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('SUMMIT', 'MEETING', 'ATTACK', 'MILITARY_ACTION', 'PRESS_CONFERENCE', 'CONFERENCE', 'AGREEMENT', 'OTHER')),
  description TEXT,
  date TEXT,
  end_date TEXT,
  date_text TEXT,
  place_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  country_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  part_of_id INTEGER REFERENCES events (id) ON DELETE SET NULL
);
CREATE INDEX events_kind ON events (kind, id);
CREATE INDEX events_date ON events (date, id);
CREATE INDEX events_part_of ON events (part_of_id);
CREATE INDEX events_place ON events (place_id);
CREATE INDEX events_country ON events (country_id);

CREATE TABLE event_participants (
  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('ATTENDEE', 'HOST', 'ORGANIZER', 'PERPETRATOR', 'TARGET')),
  PRIMARY KEY (event_id, entity_id, role)
);
CREATE INDEX event_participants_entity ON event_participants (entity_id, event_id);

CREATE TABLE event_evidence (
  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, evidence_id)
);
CREATE INDEX event_evidence_evidence ON event_evidence (evidence_id);

CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  speaker_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  quote TEXT,
  verb TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('STATEMENT', 'ACCUSATION', 'DENIAL', 'ANNOUNCEMENT', 'APPEAL', 'ACKNOWLEDGEMENT', 'CONFIRMATION'))
);
CREATE INDEX claims_article ON claims (article_id, id);
CREATE INDEX claims_speaker ON claims (speaker_id, id);
CREATE INDEX claims_event ON claims (event_id, id);
CREATE INDEX claims_kind ON claims (kind, id);
CREATE INDEX claims_evidence ON claims (evidence_id);

CREATE TABLE claim_subjects (
  claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX claim_subjects_entity ON claim_subjects (entity_id, claim_id);

CREATE TABLE relations (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('ALLY_OF', 'MEMBER_OF', 'PART_OF', 'LOCATED_IN', 'OPPOSES', 'SUPPORTS')),
  from_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  to_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  UNIQUE (from_id, type, to_id)
);
CREATE INDEX relations_to ON relations (to_id, type);

CREATE TABLE relation_evidence (
  relation_id INTEGER NOT NULL REFERENCES relations (id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  PRIMARY KEY (relation_id, evidence_id)
);
CREATE INDEX relation_evidence_evidence ON relation_evidence (evidence_id);
