-- Evidence text and sentences cut from the body inside the database, so that reading a span does not
-- carry its whole article (on PostgreSQL, across the wire) into the server. Offsets are UTF-16 code
-- units, as JavaScript counts; the engines count characters. The two agree on a body with no character
-- outside the Basic Multilingual Plane, which `body_bmp` (1) marks; other bodies are cut by the server.
-- Bodies are written once, with their article.

ALTER TABLE articles ADD COLUMN body_bmp INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET body_bmp = NOT (body GLOB ('*[' || char(65536) || '-' || char(1114111) || ']*'));

CREATE TRIGGER articles_body_bmp AFTER INSERT ON articles BEGIN
  UPDATE articles SET body_bmp = NOT (NEW.body GLOB ('*[' || char(65536) || '-' || char(1114111) || ']*'))
  WHERE id = NEW.id;
END;
